//! `credentials`: which source of the chain the connection uses (in the AWS config's words),
//! whether it resolves, and when what it gives expires.
//!
//! The source is worked out the way Strata's chain tries them (`aws::credentials_chain`):
//! an explicit profile first, else environment keys, then the profile, web identity, the
//! container endpoint. Nothing here prints a secret: an access key id shows only its last four
//! characters, a `credential_process` only that it is set.

use std::time::{Duration, SystemTime};

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;

use crate::aws::{key_suffix, ProfileView};
use crate::doctor::{Check, CheckId, CheckStatus, Ctx, FixAction};
use crate::error::{Error, ErrorKind};
use crate::mode::DemoReason;

/// Credentials expiring sooner than this (and not renewed by their source) are a warning.
pub(super) const EXPIRY_WARNING: Duration = Duration::from_secs(15 * 60);

/// The Bedrock API key variable: it reaches Bedrock only, never STS or the billing services.
pub(super) const API_KEY_VAR: &str = "AWS_BEARER_TOKEN_BEDROCK";

/// How to get real credentials (none found).
const CONFIGURE_REAL: &str = "Run `aws configure` (access keys) or `aws configure sso` and then \
    `aws sso login`, or set AWS_PROFILE to a profile that has credentials, then choose it in \
    Settings → AWS (`--profile` for strata)";

/// The other way out when there are none: the emulator.
const OR_DEMO: &str =
    "; or turn on Demo mode in Settings → AWS to try Strata against its built-in emulator";

/// The fix for "no credentials": configure them, or demo mode.
fn configure_fix() -> String {
    format!("{CONFIGURE_REAL}{OR_DEMO}.")
}

/// Where the chain gets credentials from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Source {
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (and maybe `AWS_SESSION_TOKEN`).
    Environment {
        /// The key id's last four characters.
        key_suffix: String,
        /// True when `AWS_SESSION_TOKEN` is set too (temporary keys).
        session_token: bool,
    },
    /// A profile of the AWS config files.
    Profile(ProfileView),
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN`.
    WebIdentity,
    /// The container credentials endpoint, named by this variable.
    Container(&'static str),
    /// Nothing the chain could use.
    Nothing,
}

/// How a profile gets its credentials, in the order the SDK tries its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ProfileKind {
    /// `web_identity_token_file` (with `role_arn`).
    WebIdentity,
    /// `role_arn`, assumed with what `source_profile` or `credential_source` gives.
    AssumeRole {
        /// `source_profile NAME` or `credential_source NAME`.
        from: Option<String>,
    },
    /// `credential_source` alone (Environment, EcsContainer).
    CredentialSource(String),
    /// `sso_session NAME` (the token cache is named after the session).
    SsoSession(String),
    /// `sso_start_url` in the profile itself (legacy SSO).
    LegacySso,
    /// `login_session` (`aws login`).
    Login,
    /// `credential_process`.
    CredentialProcess,
    /// `aws_access_key_id` (with the key id's last four characters).
    StaticKeys(String),
    /// None of those: the profile has no credentials of its own.
    NoCredentials,
}

impl ProfileKind {
    /// The kind of `view`.
    pub(super) fn of(view: &ProfileView) -> Self {
        let key = |k: &str| view.keys.get(k).cloned();
        if key("web_identity_token_file").is_some() {
            ProfileKind::WebIdentity
        } else if key("role_arn").is_some() {
            let from = key("source_profile")
                .map(|p| format!("source_profile {p}"))
                .or_else(|| key("credential_source").map(|c| format!("credential_source {c}")));
            ProfileKind::AssumeRole { from }
        } else if let Some(source) = key("credential_source") {
            ProfileKind::CredentialSource(source)
        } else if let Some(session) = key("sso_session") {
            ProfileKind::SsoSession(session)
        } else if key("sso_start_url").is_some() {
            ProfileKind::LegacySso
        } else if key("login_session").is_some() {
            ProfileKind::Login
        } else if view.credential_process {
            ProfileKind::CredentialProcess
        } else if let Some(suffix) = &view.access_key_suffix {
            ProfileKind::StaticKeys(suffix.clone())
        } else {
            ProfileKind::NoCredentials
        }
    }

    /// True when the source makes fresh credentials by itself when these expire.
    fn renews_itself(&self) -> bool {
        matches!(
            self,
            ProfileKind::WebIdentity
                | ProfileKind::AssumeRole { .. }
                | ProfileKind::CredentialSource(_)
                | ProfileKind::SsoSession(_)
                | ProfileKind::LegacySso
                | ProfileKind::Login
        )
    }
}

impl Source {
    /// The source the chain uses: `explicit` when a profile was chosen (setting or
    /// `--profile`), which then comes first as with `aws --profile`; `var` reads the
    /// environment; `profile` is the selected profile.
    pub(super) fn of(
        var: impl Fn(&str) -> Option<String>,
        explicit: bool,
        profile: ProfileView,
    ) -> Self {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if explicit {
            return Source::Profile(profile);
        }
        if let (Some(key), Some(_)) = (set("AWS_ACCESS_KEY_ID"), set("AWS_SECRET_ACCESS_KEY")) {
            return Source::Environment {
                key_suffix: key_suffix(&key),
                session_token: set("AWS_SESSION_TOKEN").is_some(),
            };
        }
        if profile.defined && ProfileKind::of(&profile) != ProfileKind::NoCredentials {
            return Source::Profile(profile);
        }
        if set("AWS_WEB_IDENTITY_TOKEN_FILE").is_some() && set("AWS_ROLE_ARN").is_some() {
            return Source::WebIdentity;
        }
        for variable in [
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        ] {
            if set(variable).is_some() {
                return Source::Container(variable);
            }
        }
        Source::Nothing
    }

    /// The source in the AWS config's words: `profile dev (SSO session corp)`.
    pub(super) fn describe(&self) -> String {
        match self {
            Source::Environment {
                key_suffix,
                session_token,
            } => format!(
                "environment keys (AWS_ACCESS_KEY_ID ending in {key_suffix}{})",
                if *session_token {
                    ", with AWS_SESSION_TOKEN"
                } else {
                    ""
                }
            ),
            Source::Profile(view) => {
                let name = &view.name;
                if !view.defined {
                    return format!("profile {name} (not in the AWS config files)");
                }
                let kind = match ProfileKind::of(view) {
                    ProfileKind::WebIdentity => "web identity, web_identity_token_file".to_owned(),
                    ProfileKind::AssumeRole { from: Some(from) } => {
                        format!("AssumeRole of role_arn from {from}")
                    }
                    ProfileKind::AssumeRole { from: None } => "AssumeRole of role_arn".to_owned(),
                    ProfileKind::CredentialSource(source) => {
                        format!("credential_source {source}")
                    }
                    ProfileKind::SsoSession(session) => format!("SSO session {session}"),
                    ProfileKind::LegacySso => "legacy SSO, sso_start_url".to_owned(),
                    ProfileKind::Login => "aws login session".to_owned(),
                    ProfileKind::CredentialProcess => "credential_process".to_owned(),
                    ProfileKind::StaticKeys(suffix) => {
                        format!("static keys, aws_access_key_id ending in {suffix}")
                    }
                    ProfileKind::NoCredentials => "no credentials in it".to_owned(),
                };
                format!("profile {name} ({kind})")
            }
            Source::WebIdentity => {
                "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)".to_owned()
            }
            Source::Container(variable) => format!("container credentials ({variable})"),
            Source::Nothing => "no source".to_owned(),
        }
    }

    /// True when the source makes fresh credentials by itself (so a near expiry is no problem).
    fn renews_itself(&self) -> bool {
        match self {
            Source::Profile(view) => ProfileKind::of(view).renews_itself(),
            Source::WebIdentity | Source::Container(_) => true,
            Source::Environment { .. } | Source::Nothing => false,
        }
    }

    /// The `aws sso login` command for an SSO source: `--sso-session NAME` (and the profile
    /// as the other way) or `--profile NAME`.
    fn sso_login(&self) -> Option<String> {
        let Source::Profile(view) = self else {
            return None;
        };
        match ProfileKind::of(view) {
            ProfileKind::SsoSession(session) => Some(format!(
                "`aws sso login --sso-session {session}` (or `aws sso login --profile {}`)",
                view.name
            )),
            ProfileKind::LegacySso => Some(format!("`aws sso login --profile {}`", view.name)),
            _ => None,
        }
    }
}

/// What resolving the credentials gave: their expiry (`None`: they do not expire), or the
/// sorted error.
pub(super) type Resolved = Result<Option<SystemTime>, Error>;

/// `time` in UTC to the second: `2026-12-01T23:10:00Z`.
pub(super) fn utc(time: SystemTime) -> String {
    let seconds = DateTime::from(time).secs();
    DateTime::from_secs(seconds)
        .fmt(Format::DateTime)
        .unwrap_or_else(|_| format!("{seconds} s after the Unix epoch"))
}

/// `d` as people read it: `9 min`, `2 h 5 min`.
fn span(d: Duration) -> String {
    let minutes = d.as_secs() / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => "under a minute".to_owned(),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The check for a real-AWS connection: `source` resolved as `resolved` at `now`;
/// `api_key` is true when a Bedrock API key is set.
pub(super) fn assess(
    source: &Source,
    resolved: &Resolved,
    now: SystemTime,
    api_key: bool,
) -> Check {
    let described = source.describe();
    let check = match resolved {
        Ok(expiry) => resolved_check(source, &described, *expiry, now),
        Err(e) => failed_check(source, &described, e, api_key),
    };
    let check = check
        .with_detail(format!("credentials source: {described}"))
        .with_detail(
            "chain: an explicit profile, else AWS_ACCESS_KEY_ID, the profile, web identity, the \
         container endpoint (never the EC2 instance metadata)",
        );
    if api_key {
        check.with_detail(format!(
            "{API_KEY_VAR} is set: a Bedrock API key reaches Bedrock only, not STS, Cost \
             Explorer, Budgets or CloudWatch"
        ))
    } else {
        check
    }
}

fn resolved_check(
    source: &Source,
    described: &str,
    expiry: Option<SystemTime>,
    now: SystemTime,
) -> Check {
    let Some(expiry) = expiry else {
        return Check::new(
            CheckId::Credentials,
            CheckStatus::Pass,
            format!("Credentials resolve from {described}; they do not expire."),
        );
    };
    let at = utc(expiry);
    let Ok(left) = expiry.duration_since(now) else {
        return Check::new(
            CheckId::Credentials,
            CheckStatus::Fail,
            format!("The credentials from {described} expired at {at}."),
        )
        .with_fix(expired_fix(source))
        .with_detail(format!("expires: {at}"));
    };
    if left < EXPIRY_WARNING && !source.renews_itself() {
        return Check::new(
            CheckId::Credentials,
            CheckStatus::Warn,
            format!(
                "The credentials from {described} expire in {} (at {at}) and nothing renews them.",
                span(left)
            ),
        )
        .with_fix(expired_fix(source))
        .with_detail(format!("expires: {at}"));
    }
    let renewed = if source.renews_itself() {
        "; the source renews them when they do"
    } else {
        ""
    };
    Check::new(
        CheckId::Credentials,
        CheckStatus::Pass,
        format!(
            "Credentials resolve from {described}; they expire in {} (at {at}){renewed}.",
            span(left)
        ),
    )
    .with_detail(format!("expires: {at}"))
}

/// What to do about credentials that expired (or are about to) and are not renewed.
fn expired_fix(source: &Source) -> String {
    if let Some(login) = source.sso_login() {
        return format!("Sign in again with {login}, then run the checks again.");
    }
    match source {
        Source::Environment { .. } => "Get fresh temporary credentials and set AWS_ACCESS_KEY_ID, \
            AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN again (or use a profile that renews them, \
            such as SSO), then run the checks again."
            .to_owned(),
        Source::Profile(view) => format!(
            "Refresh the credentials of profile {} (its aws_session_token, or what its \
             credential_process returns), then run the checks again.",
            view.name
        ),
        _ => "Refresh the credentials, then run the checks again.".to_owned(),
    }
}

fn failed_check(source: &Source, described: &str, e: &Error, api_key: bool) -> Check {
    match e.kind() {
        ErrorKind::NoCredentials if api_key => Check::new(
            CheckId::Credentials,
            CheckStatus::Warn,
            format!(
                "Only a Bedrock API key ({API_KEY_VAR}) is set: it reaches Bedrock, but STS, \
                 Cost Explorer, Budgets and CloudWatch need AWS credentials, and none were found."
            ),
        )
        .with_fix(configure_fix())
        .with_action(FixAction::OpenAwsSettings),
        ErrorKind::NoCredentials => {
            let finding = match source {
                Source::Profile(view) if !view.defined => format!(
                    "No AWS credentials were found: profile {} is not in the AWS config files.",
                    view.name
                ),
                Source::Profile(view) => format!(
                    "No AWS credentials were found: profile {} has none, and neither the \
                     environment nor a web identity or container endpoint gives any.",
                    view.name
                ),
                _ => "No AWS credentials were found: no AWS_ACCESS_KEY_ID in the environment, no \
                      profile with credentials, no web identity or container endpoint."
                    .to_owned(),
            };
            Check::new(CheckId::Credentials, CheckStatus::Fail, finding)
                .with_fix(configure_fix())
                .with_action(FixAction::OpenAwsSettings)
        }
        ErrorKind::ExpiredCredentials => match (source, source.sso_login()) {
            (Source::Profile(view), Some(_)) => {
                let whose = match ProfileKind::of(view) {
                    ProfileKind::SsoSession(session) => {
                        format!("session {session} (profile {})", view.name)
                    }
                    _ => format!("profile {}", view.name),
                };
                Check::new(
                    CheckId::Credentials,
                    CheckStatus::Fail,
                    format!("The SSO sign-in of {whose} has expired, so it gives no credentials."),
                )
                .with_fix(expired_fix(source))
            }
            _ => Check::new(CheckId::Credentials, CheckStatus::Fail, e.message())
                .with_fix(e.hint().map_or_else(|| expired_fix(source), str::to_owned)),
        },
        _ => {
            let check = Check::new(
                CheckId::Credentials,
                CheckStatus::Fail,
                format!(
                    "Credentials from {described} could not be obtained: {}",
                    e.message()
                ),
            );
            match e.hint() {
                Some(hint) => check.with_fix(hint),
                None => check,
            }
        }
    }
}

/// The check in demo mode: said plainly, with why.
pub(super) fn demo(reason: DemoReason) -> Check {
    let plain = "calls go to Strata's built-in emulator, not to AWS, with the demo's own \
                 credentials";
    let check = match reason {
        DemoReason::NoCredentials => Check::new(
            CheckId::Credentials,
            CheckStatus::Warn,
            format!("Demo mode, because no AWS credentials were found: {plain}."),
        )
        .with_fix(format!("{CONFIGURE_REAL}."))
        .with_action(FixAction::OpenAwsSettings),
        DemoReason::Setting => Check::new(
            CheckId::Credentials,
            CheckStatus::Pass,
            format!("Demo mode, because the Demo mode setting is on: {plain}."),
        ),
        DemoReason::Flag => Check::new(
            CheckId::Credentials,
            CheckStatus::Pass,
            format!("Demo mode, because of --demo: {plain}."),
        ),
        DemoReason::Environment => Check::new(
            CheckId::Credentials,
            CheckStatus::Pass,
            format!("Demo mode, because STRATA_DEMO is set: {plain}."),
        ),
    };
    check.with_detail("credentials source: the demo's static credentials (not a secret)")
}

/// `credentials` against the doctor's connection.
pub(super) async fn check(ctx: &Ctx) -> Check {
    let var = |name: &str| std::env::var(name).ok();
    let api_key = var(API_KEY_VAR).is_some_and(|v| !v.trim().is_empty());
    let explicit = ctx.catalog.settings().await.aws_profile;
    let session = match ctx.session().await {
        Ok(session) => session,
        Err(e) => {
            // The window's Auto mode resolves credentials while connecting: its failure is
            // this check's finding.
            let view = crate::aws::profile_view(explicit.as_deref()).await;
            let source = Source::of(var, explicit.is_some(), view);
            return assess(&source, &Err(e), SystemTime::now(), api_key);
        }
    };
    if let Some(reason) = session.info.demo {
        return demo(reason);
    }
    let view = crate::aws::profile_view(session.target.profile.as_deref()).await;
    let source = Source::of(var, session.target.profile.is_some(), view);
    let resolved = ctx.credentials().await.map(|c| c.expiry());
    assess(&source, &resolved, SystemTime::now(), api_key)
}

#[cfg(test)]
mod tests;

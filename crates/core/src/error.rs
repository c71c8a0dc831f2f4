//! Strata's domain error: what went wrong talking to Bedrock or reading local state, sorted into the
//! closed set of kinds the UI presents, each with a hint the user can act on.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_bedrock::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::result::SdkError;
use serde::Serialize;
use ts_rs::TS;

/// The closed set of error kinds; the UI switches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[ts(rename = "IpcErrorKind")]
pub enum ErrorKind {
    /// No AWS credentials could be resolved, or AWS does not recognise them.
    NoCredentials,
    /// Credentials resolved but are expired (e.g. an SSO token).
    ExpiredCredentials,
    /// Credentials are configured but could not be obtained: a failing or hanging
    /// `credential_process`, a malformed profile, an SSO portal that does not answer.
    BrokenCredentials,
    /// The identity lacks an IAM permission.
    AccessDenied,
    /// The resource or model exists in another region, or Bedrock is not offered in this one.
    RegionMismatch,
    /// Bedrock asked us to slow down.
    Throttled,
    /// A service quota is used up (e.g. AWS's 2,000 application profiles per account and
    /// region): retrying does not help; deleting or a quota increase does.
    QuotaExceeded,
    /// The network or endpoint could not be reached.
    Network,
    /// The named thing does not exist.
    NotFound,
    /// The input was rejected before or by AWS.
    Validation,
    /// The change clashes with existing state (e.g. a duplicate name).
    Conflict,
    /// A fault inside Strata, Bedrock or the local machine.
    Internal,
}

/// An error from Strata's domain, with a kind, a one-sentence message and an optional hint.
/// It crosses IPC as it is: `{ kind, message, hint }`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, serde::Deserialize, TS)]
#[error("{message}")]
#[ts(rename = "IpcError")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The IAM actions the catalog needs, named in the access-denied hint.
pub(crate) const CATALOG_ACTIONS: &[&str] = &[
    "bedrock:ListFoundationModels",
    "bedrock:ListInferenceProfiles",
    "bedrock:GetInferenceProfile",
    "bedrock:ListTagsForResource",
];

impl Error {
    /// An error of `kind` with a message and no hint.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds what the user can do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A rejected input, said before any call is made.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    /// A fault inside Strata or the machine.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// Which kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The one-sentence message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What the user can do next, when there is something.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// True when the error says the credentials in use are missing, expired, broken or refused,
    /// so that a cached connection should be dropped and the next call resolve them afresh
    /// (rotated keys, a new `aws sso login`).
    pub(crate) fn is_auth_failure(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::NoCredentials | ErrorKind::ExpiredCredentials | ErrorKind::BrokenCredentials
        )
    }
}

/// Where a Bedrock call was going, so that its failure can be explained in the user's terms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallContext<'a> {
    /// The operation, e.g. `ListInferenceProfiles`.
    pub operation: &'a str,
    /// The IAM action it needs, e.g. `bedrock:ListInferenceProfiles`.
    pub action: &'a str,
    /// The region the call went to.
    pub region: &'a str,
    /// The named credentials profile in use, if any.
    pub profile: Option<&'a str>,
}

impl Error {
    /// Sorts an SDK error from a Bedrock call into a kind with a message and a hint.
    pub(crate) fn from_sdk<E, R>(err: &SdkError<E, R>, cx: CallContext<'_>) -> Self
    where
        E: ProvideErrorMetadata + StdError + 'static,
        R: std::fmt::Debug + 'static,
    {
        match err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                from_service_code(e.code().unwrap_or("Unknown"), e.message(), cx)
            }
            SdkError::TimeoutError(_) => network(cx, "the request timed out"),
            SdkError::DispatchFailure(failure) => {
                if let Some(credentials) = find_in_chain::<CredentialsError>(err) {
                    return from_credentials_error(credentials, cx);
                }
                if failure.is_timeout() {
                    network(cx, "the connection timed out")
                } else {
                    let cause = innermost_message(err);
                    if failure.is_io() && !crate::aws::is_bedrock_region(cx.region) {
                        return region_without_bedrock(cx.region);
                    }
                    network(cx, &cause)
                }
            }
            SdkError::ConstructionFailure(_) => {
                if let Some(credentials) = find_in_chain::<CredentialsError>(err) {
                    return from_credentials_error(credentials, cx);
                }
                Error::internal(format!(
                    "{} could not be sent: {}",
                    cx.operation,
                    innermost_message(err)
                ))
            }
            SdkError::ResponseError(_) => Error::internal(format!(
                "Bedrock's answer to {} could not be read: {}",
                cx.operation,
                innermost_message(err)
            )),
            _ => Error::internal(format!(
                "{} failed: {}",
                cx.operation,
                innermost_message(err)
            )),
        }
    }
}

impl Error {
    /// Sorts an SDK error of a Profiles call (the screen, `strata profiles`) like
    /// [`Error::from_sdk`], except what the Profiles features say better: AccessDenied names the
    /// IAM action and carries the policy statement the features need
    /// ([`PROFILES_POLICY`](crate::profiles::PROFILES_POLICY)); a used-up quota on
    /// CreateInferenceProfile names the quota of application profiles and where to raise it.
    pub(crate) fn from_sdk_for_profiles<E, R>(err: &SdkError<E, R>, cx: CallContext<'_>) -> Self
    where
        E: ProvideErrorMetadata + StdError + 'static,
        R: std::fmt::Debug + 'static,
    {
        if let SdkError::ServiceError(service) = err {
            let e = service.err();
            if let Some(error) = profiles_service_error(e.code().unwrap_or(""), e.message(), cx) {
                return error;
            }
        }
        Error::from_sdk(err, cx)
    }
}

/// The hint of a quota of application inference profiles used up.
pub(crate) const PROFILE_QUOTA_HINT: &str = "Delete profiles you no longer use, or request an \
     increase of \"Application inference profiles per account\" in Service Quotas: \
     https://console.aws.amazon.com/servicequotas/home/services/bedrock/quotas";

/// The errors a Profiles call explains in its own words; `None` for the others.
fn profiles_service_error(code: &str, message: Option<&str>, cx: CallContext<'_>) -> Option<Error> {
    let aws_says = message
        .filter(|m| !m.is_empty())
        .map(|m| format!(" AWS says: {m}"))
        .unwrap_or_default();
    match code {
        "AccessDeniedException" | "AccessDenied" => Some(
            Error::new(
                ErrorKind::AccessDenied,
                format!(
                    "Your AWS identity is not allowed to call {} in {}: it needs {}.{aws_says}",
                    cx.operation, cx.region, cx.action
                ),
            )
            .with_hint(format!(
                "Ask your administrator to allow {}. The policy statement the Profiles features \
                 need:\n{}",
                cx.action,
                crate::profiles::PROFILES_POLICY
            )),
        ),
        "ServiceQuotaExceededException" if cx.operation == "CreateInferenceProfile" => Some(
            Error::new(
                ErrorKind::QuotaExceeded,
                format!(
                    "You have reached the quota of application inference profiles in {} (AWS's \
                     default is 2,000 per account and region).",
                    cx.region
                ),
            )
            .with_hint(PROFILE_QUOTA_HINT),
        ),
        "ConflictException" if cx.operation == "CreateInferenceProfile" => Some(
            Error::new(
                ErrorKind::Conflict,
                format!(
                    "The profile clashes with one that already exists in {}.{aws_says}",
                    cx.region
                ),
            )
            .with_hint(
                "Names are unique per account and region: choose another name. (A retry with the \
                 same request token but a changed draft is refused too: start a new draft.)",
            ),
        ),
        _ => None,
    }
}

/// Sorts a credentials-chain failure into what it is: no credentials at all (the only case
/// that may send Auto into demo mode), expired ones, a role that may not be assumed, or a source
/// that is configured but failed or did not answer in time.
pub(crate) fn from_credentials_error(err: &CredentialsError, cx: CallContext<'_>) -> Error {
    let profile_flag = cx
        .profile
        .map(|p| format!(" --profile {p}"))
        .unwrap_or_default();
    let for_profile = cx
        .profile
        .map(|p| format!(" for profile {p}"))
        .unwrap_or_default();
    let chain = chain_text(err);
    if let Some(timed_out) = find_in_chain::<crate::aws::CredentialsTimedOut>(err) {
        let seconds = timed_out.after.as_secs();
        return Error::new(
            ErrorKind::BrokenCredentials,
            format!(
                "Getting AWS credentials from {} took longer than {seconds} s, so Strata stopped waiting.",
                timed_out.source_name
            ),
        )
        .with_hint(format!(
            "If it waits for you (an MFA code, a browser sign-in), finish that and retry; a slow source \
             can be given more time with {}=60 (now {seconds}).",
            crate::aws::CREDENTIALS_TIMEOUT_ENV
        ));
    }
    match err {
        CredentialsError::ProviderTimedOut(_) => Error::new(
            ErrorKind::BrokenCredentials,
            format!("Looking up AWS credentials{for_profile} took too long, so Strata stopped waiting."),
        )
        .with_hint(format!(
            "Retry; a slow source can be given more time with {}.",
            crate::aws::CREDENTIALS_TIMEOUT_ENV
        )),
        _ if chain.contains("expired") => Error::new(
            ErrorKind::ExpiredCredentials,
            format!(
                "Your AWS credentials{} have expired.",
                cx.profile.map(|p| format!(" (profile {p})")).unwrap_or_default()
            ),
        )
        .with_hint(format!(
            "Sign in again with `aws sso login{profile_flag}` (or refresh your session credentials), then retry."
        )),
        // A profile naming a source_profile that does not exist is a broken chain, not an absence
        // (the selected profile itself missing stays "no credentials").
        CredentialsError::CredentialsNotLoaded(_)
            if !chain.contains("was not defined")
                || chain.contains("referenced from the root profile") =>
        {
            no_credentials(cx)
        }
        CredentialsError::CredentialsNotLoaded(_) | CredentialsError::InvalidConfiguration(_) => Error::new(
            ErrorKind::BrokenCredentials,
            format!(
                "The AWS profile{} is not set up correctly: {}",
                cx.profile.map(|p| format!(" {p}")).unwrap_or_default(),
                innermost_message(err)
            ),
        )
        .with_hint(
            "Fix the profile in ~/.aws/config (its source_profile, credential_source or role_arn), \
             or choose another profile in Settings → AWS Settings.",
        ),
        _ if chain.contains("accessdenied") || chain.contains("sts:assumerole") => Error::new(
            ErrorKind::AccessDenied,
            format!(
                "Your AWS identity may not assume the role{for_profile}: {}",
                innermost_message(err)
            ),
        )
        .with_hint(
            "Ask your administrator to allow sts:AssumeRole on the role (its trust policy and your \
             identity's permissions), or choose another profile in Settings → AWS Settings.",
        ),
        _ if chain.contains("external process") => Error::new(
            ErrorKind::BrokenCredentials,
            format!(
                "The credential_process{for_profile} failed: {}",
                innermost_message(err)
            ),
        )
        .with_hint(
            "Run the profile's credential_process command in a terminal to see why it fails, fix it, \
             then retry.",
        ),
        _ => Error::new(
            ErrorKind::BrokenCredentials,
            format!(
                "AWS credentials could not be loaded{for_profile}: {}",
                innermost_message(err)
            ),
        )
        .with_hint(
            "Check the profile in ~/.aws/config and ~/.aws/credentials (`aws configure list"
                .to_owned()
                + &profile_flag
                + "`), or choose another profile in Settings → AWS Settings.",
        ),
    }
}

/// No credentials anywhere in the chain.
pub(crate) fn no_credentials(cx: CallContext<'_>) -> Error {
    let message = match cx.profile {
        Some(p) => format!("No AWS credentials were found for profile {p}."),
        None => "No AWS credentials were found.".to_owned(),
    };
    Error::new(ErrorKind::NoCredentials, message).with_hint(
        "Run `aws configure` (access keys) or `aws configure sso` and `aws sso login`, set AWS_PROFILE, \
         or switch on demo mode to try Strata against the built-in emulator.",
    )
}

fn network(cx: CallContext<'_>, cause: &str) -> Error {
    Error::new(
        ErrorKind::Network,
        format!("Bedrock in {} could not be reached: {cause}.", cx.region),
    )
    .with_hint(
        "Check your network connection. Behind a corporate proxy, set HTTPS_PROXY (and NO_PROXY for \
         hosts reached directly), and if it inspects TLS, a custom CA bundle with AWS_CA_BUNDLE or \
         ca_bundle in your profile; then retry.",
    )
}

fn region_without_bedrock(region: &str) -> Error {
    Error::new(
        ErrorKind::RegionMismatch,
        format!("Amazon Bedrock is not offered in region {region}."),
    )
    .with_hint("Choose a region where Bedrock runs (e.g. us-east-1, us-west-2, eu-central-1, ap-northeast-1) in Settings → AWS Settings.")
}

/// How to turn automatic time on, on each system (a clock-skew error's hint, the doctor's fix).
pub(crate) const CLOCK_FIX: &str = "Turn on automatic time: `sudo timedatectl set-ntp true` on \
     Linux; Settings → Time & language → Set time automatically on Windows; System Settings → \
     General → Date & Time → Set time and date automatically on macOS.";

/// A skew in words: "10 min ahead of", "45 s behind", "in step with" (positive: this machine's
/// clock is ahead).
pub(crate) fn skew_words(skew_s: i64) -> String {
    let off = skew_s.unsigned_abs();
    let amount = if off >= 90 {
        format!("{} min", (off + 30) / 60)
    } else {
        format!("{off} s")
    };
    match skew_s {
        0 => "in step with".to_owned(),
        s if s > 0 => format!("{amount} ahead of"),
        _ => format!("{amount} behind"),
    }
}

/// The skew a refused signature's message states, in seconds (positive: this machine ahead):
/// `Signature expired: SIGNED is now earlier than LIMIT (AWS_NOW - 5 min.)` or `Signature not
/// yet current: SIGNED is still later than LIMIT (AWS_NOW + 5 min.)`.
fn signature_skew(message: &str) -> Option<i64> {
    let rest = message
        .strip_prefix("Signature expired: ")
        .or_else(|| message.strip_prefix("Signature not yet current: "))?;
    let signed = rest.split_whitespace().next()?;
    let aws_now = rest.split_once('(')?.1.split_whitespace().next()?;
    Some(amz_seconds(signed)? - amz_seconds(aws_now)?)
}

/// Seconds since the epoch of an `X-Amz-Date` (`20261201T120000Z`).
fn amz_seconds(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        text.get(0..4)?,
        text.get(4..6)?,
        text.get(6..8)?,
        text.get(9..11)?,
        text.get(11..13)?,
        text.get(13..15)?
    );
    aws_smithy_types::DateTime::from_str(&iso, aws_smithy_types::date_time::Format::DateTime)
        .ok()
        .map(|t| t.secs())
}

/// A signature refused for its time: this machine's clock is off (the SDK re-signs with AWS's
/// time by itself, so this is seen when its correction is off or could not measure the skew).
fn clock_skew_error(skew_s: i64, cx: CallContext<'_>) -> Error {
    Error::new(
        ErrorKind::Internal,
        format!(
            "AWS refused {} because this computer's clock is {} AWS's: AWS refuses signatures \
             more than 5 minutes off.",
            cx.operation,
            skew_words(skew_s)
        ),
    )
    .with_hint(format!(
        "{CLOCK_FIX} Then retry. (Strata corrects small errors by itself unless \
         AWS_DISABLE_CLOCK_SKEW_CORRECTION or disable_clock_skew_correction in your AWS profile \
         turns that off.)"
    ))
}

fn from_service_code(code: &str, message: Option<&str>, cx: CallContext<'_>) -> Error {
    let aws_says = message
        .filter(|m| !m.is_empty())
        .map(|m| format!(" AWS says: {m}"))
        .unwrap_or_default();
    if matches!(code, "InvalidSignatureException" | "SignatureDoesNotMatch") {
        if let Some(skew_s) = message.and_then(signature_skew) {
            return clock_skew_error(skew_s, cx);
        }
    }
    match code {
        "AccessDeniedException" | "AccessDenied" => Error::new(
            ErrorKind::AccessDenied,
            format!("Your AWS identity is not allowed to call {} in {}.{aws_says}", cx.operation, cx.region),
        )
        .with_hint(format!(
            "Ask your administrator to allow {} (for the catalog: {}) on your IAM user or role.",
            cx.action,
            CATALOG_ACTIONS.join(", ")
        )),
        "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" | "TokenRefreshRequired" => {
            let profile_flag = cx.profile.map(|p| format!(" --profile {p}")).unwrap_or_default();
            Error::new(
                ErrorKind::ExpiredCredentials,
                format!("Your AWS session has expired.{aws_says}"),
            )
            .with_hint(format!(
                "Sign in again with `aws sso login{profile_flag}` or refresh your session credentials, then retry."
            ))
        }
        "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "InvalidClientTokenId"
        | "MissingAuthenticationTokenException"
        | "IncompleteSignatureException"
        | "SignatureDoesNotMatch" => Error::new(
            ErrorKind::NoCredentials,
            format!("AWS did not accept your credentials.{aws_says}"),
        )
        .with_hint("Check the access key and secret of your profile (`aws sts get-caller-identity`), or choose another profile in Settings → AWS Settings."),
        "ThrottlingException" | "TooManyRequestsException" | "ModelNotReadyException" => Error::new(
            ErrorKind::Throttled,
            format!("Bedrock is throttling {} in {}.{aws_says}", cx.operation, cx.region),
        )
        .with_hint("Wait a few seconds and retry; if it keeps happening, ask for a higher quota in Service Quotas."),
        "ServiceQuotaExceededException" => Error::new(
            ErrorKind::QuotaExceeded,
            format!("A Bedrock quota in {} is used up.{aws_says}", cx.region),
        )
        .with_hint("Delete what you no longer need or request a quota increase in Service Quotas."),
        "ResourceNotFoundException" => Error::new(
            ErrorKind::NotFound,
            format!("Bedrock in {} does not know it.{aws_says}", cx.region),
        )
        .with_hint("It may have been deleted, or it lives in another region: check the region in Settings → AWS Settings."),
        "ValidationException" | "TooManyTagsException" | "SerializationException" => Error::new(
            ErrorKind::Validation,
            format!("Bedrock rejected the request.{aws_says}"),
        ),
        "ConflictException" => Error::new(
            ErrorKind::Conflict,
            format!("That clashes with something that already exists.{aws_says}"),
        ),
        "UnknownOperationException" => region_without_bedrock(cx.region),
        _ => Error::internal(format!(
            "Bedrock failed on {} ({code}).{aws_says}",
            cx.operation
        ))
        .with_hint("Retry in a moment; if it persists, check the AWS Health Dashboard."),
    }
}

/// The first error of type `T` in `err`'s source chain (including `err` itself).
fn find_in_chain<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

/// The whole source chain as lower-case text, for recognising causes the types do not expose.
fn chain_text(err: &(dyn StdError + 'static)) -> String {
    let mut parts = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        parts.push(e.to_string().to_ascii_lowercase());
        current = e.source();
    }
    parts.join(": ")
}

/// The message of the deepest cause, which usually says the most.
fn innermost_message(err: &(dyn StdError + 'static)) -> String {
    let mut current: &(dyn StdError + 'static) = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests;

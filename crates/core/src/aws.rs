//! Building AWS SDK configuration from Strata's settings: the standard credential chain (named
//! profiles, SSO, `credential_process`, assume-role, environment variables), a region, the
//! endpoints of Bedrock and Bedrock Runtime, Strata's one HTTP client ([`crate::http_client`]),
//! or the demo credentials of the embedded emulator.
//!
//! Strata reads credentials and region like the AWS CLI, with one difference: it never asks the
//! EC2 instance metadata service, which a desktop app has no business probing (on a laptop that
//! lookup only adds seconds of waiting before the "no credentials" answer). Each source of the
//! chain gets `STRATA_CREDENTIALS_TIMEOUT_S` seconds (default 30) to answer, so a
//! `credential_process` waiting for an MFA code or an SSO portal that never answers ends in an
//! error naming the source instead of a hang.

use std::borrow::Cow;
use std::time::Duration;

use aws_config::environment::region::EnvironmentVariableRegionProvider;
use aws_config::identity::IdentityCache;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::profile::region::ProfileFileRegionProvider;
use aws_config::profile::{ProfileFileCredentialsProvider, ProfileSet};
use aws_config::provider_config::ProviderConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::web_identity_token::WebIdentityTokenCredentialsProvider;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{future, ProvideCredentials};
use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_types::os_shim_internal::{Env, Fs};
use aws_types::service_config::ServiceConfigKey;

use crate::error::{CallContext, Error, Result};
use crate::http_client::{CaBundle, Route};

/// The region used when neither the settings nor the AWS config name one.
pub(crate) const FALLBACK_REGION: &str = "us-east-1";

/// Regions where Amazon Bedrock runs (the commercial, GovCloud and China partitions).
/// Used to explain a failed connection: a region missing here most likely has no Bedrock endpoint.
pub const BEDROCK_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "mx-central-1",
    "sa-east-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "af-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
];

/// True when `region` is one where Bedrock is offered.
pub(crate) fn is_bedrock_region(region: &str) -> bool {
    BEDROCK_REGIONS.contains(&region)
}

/// Where and as whom Bedrock calls go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// The AWS region.
    pub region: String,
    /// A named profile from `~/.aws/config`; `None` uses `AWS_PROFILE` or `default`.
    pub profile: Option<String>,
    /// The Bedrock (control plane) endpoint to use instead of AWS's: a VPC endpoint, the
    /// emulator. [`sdk_config`] points every client at it; a [`crate::Session`] only the
    /// Bedrock client (Bedrock Runtime has its own).
    pub endpoint_url: Option<String>,
    /// Static demo credentials, for the embedded emulator; never real secrets.
    pub demo: bool,
}

/// The access key id the demo credentials use (not a secret: the emulator checks nothing).
pub(crate) const DEMO_ACCESS_KEY_ID: &str = "STRATADEMO";

/// The variable that bounds how long one credentials source may take, in seconds.
pub(crate) const CREDENTIALS_TIMEOUT_ENV: &str = "STRATA_CREDENTIALS_TIMEOUT_S";

/// How long one credentials source may take when the variable is not set.
pub(crate) const DEFAULT_CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest timeout the variable may ask for (an hour).
const MAX_CREDENTIALS_TIMEOUT_S: u64 = 3600;

/// Reads a value of `STRATA_CREDENTIALS_TIMEOUT_S`: whole seconds from 1 to 3600.
pub(crate) fn parse_credentials_timeout(value: Option<&str>) -> Result<Duration> {
    let Some(raw) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(DEFAULT_CREDENTIALS_TIMEOUT);
    };
    match raw.parse::<u64>() {
        Ok(s) if (1..=MAX_CREDENTIALS_TIMEOUT_S).contains(&s) => Ok(Duration::from_secs(s)),
        _ => Err(Error::validation(format!(
            "{CREDENTIALS_TIMEOUT_ENV} must be a whole number of seconds from 1 to \
             {MAX_CREDENTIALS_TIMEOUT_S}, not {raw:?}."
        ))
        .with_hint(format!(
            "Unset {CREDENTIALS_TIMEOUT_ENV} to wait the default 30 seconds."
        ))),
    }
}

/// The bound from the environment (see [`parse_credentials_timeout`]).
pub(crate) fn credentials_timeout() -> Result<Duration> {
    parse_credentials_timeout(std::env::var(CREDENTIALS_TIMEOUT_ENV).ok().as_deref())
}

/// A credentials source that did not answer in time; carried inside the [`CredentialsError`] so
/// that the message can name the source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name} did not answer within {} s", after.as_secs())]
pub(crate) struct CredentialsTimedOut {
    /// What was asked, as the user configured it: `credential_process of profile work`.
    pub source_name: String,
    /// How long Strata waited.
    pub after: Duration,
}

/// One source of the chain, given at most `limit` to answer.
#[derive(Debug)]
struct TimeLimited<P> {
    inner: P,
    source_name: String,
    limit: Duration,
}

impl<P: ProvideCredentials> ProvideCredentials for TimeLimited<P> {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            match tokio::time::timeout(self.limit, self.inner.provide_credentials()).await {
                Ok(answer) => answer,
                Err(_) => {
                    tracing::warn!(target: "aws", source = %self.source_name, limit_s = self.limit.as_secs(), "a credentials source did not answer in time");
                    Err(CredentialsError::provider_error(CredentialsTimedOut {
                        source_name: self.source_name.clone(),
                        after: self.limit,
                    }))
                }
            }
        })
    }
}

fn limited<P: ProvideCredentials>(
    inner: P,
    source_name: String,
    limit: Duration,
) -> TimeLimited<P> {
    TimeLimited {
        inner,
        source_name,
        limit,
    }
}

/// The AWS config and credentials files as the SDK reads them, with `profile` selected (else
/// `AWS_PROFILE`, else `default`). `None` when they cannot be parsed: the credential chain then
/// reports what is wrong.
async fn load_profiles(profile: Option<&str>) -> Option<ProfileSet> {
    aws_config::profile::load(
        &Fs::real(),
        &Env::real(),
        // The standard files: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws.
        &Default::default(),
        profile.map(|p| Cow::Owned(p.to_owned())),
    )
    .await
    .ok()
}

/// The selected profile of the AWS config files as the doctor describes it: its name, whether
/// the files define it, and the keys that say how it gets credentials. Never a secret: of
/// `credential_process` only that it is set (its command can carry one), of the access keys
/// only the last four characters of the key id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProfileView {
    /// The profile's name (`--profile`/the setting, else `AWS_PROFILE`, else `default`).
    pub name: String,
    /// True when the config or credentials file has a section for it.
    pub defined: bool,
    /// The values of [`VIEWED_KEYS`] the profile sets.
    pub keys: std::collections::BTreeMap<&'static str, String>,
    /// True when the profile sets `credential_process`.
    pub credential_process: bool,
    /// The last four characters of its `aws_access_key_id`, when it sets one.
    pub access_key_suffix: Option<String>,
}

/// The profile keys [`ProfileView`] keeps, none of them secret.
pub(crate) const VIEWED_KEYS: &[&str] = &[
    "role_arn",
    "source_profile",
    "credential_source",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
    "sso_account_id",
    "sso_role_name",
    "login_session",
    "region",
];

/// The last four characters of an access key id (all of it is not shown anywhere).
pub(crate) fn key_suffix(key_id: &str) -> String {
    let chars: Vec<char> = key_id.trim().chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// Reads the selected profile (`profile`, else `AWS_PROFILE`, else `default`) from the AWS
/// config files, for the doctor. Files that cannot be parsed give an undefined profile.
pub(crate) async fn profile_view(profile: Option<&str>) -> ProfileView {
    let profiles = load_profiles(profile).await;
    let name = profile
        .map(str::to_owned)
        .or_else(|| profiles.as_ref().map(|p| p.selected_profile().to_owned()))
        .or_else(|| {
            std::env::var("AWS_PROFILE")
                .ok()
                .filter(|p| !p.trim().is_empty())
        })
        .unwrap_or_else(|| "default".to_owned());
    let Some(found) = profiles.as_ref().and_then(|p| p.get_profile(&name)) else {
        return ProfileView {
            name,
            ..ProfileView::default()
        };
    };
    ProfileView {
        keys: VIEWED_KEYS
            .iter()
            .filter_map(|&key| {
                let value = found.get(key)?.trim();
                (!value.is_empty()).then(|| (key, value.to_owned()))
            })
            .collect(),
        credential_process: found
            .get("credential_process")
            .is_some_and(|c| !c.trim().is_empty()),
        access_key_suffix: found
            .get("aws_access_key_id")
            .filter(|k| !k.trim().is_empty())
            .map(key_suffix),
        defined: true,
        name,
    }
}

/// The region the environment names (`AWS_REGION`, else `AWS_DEFAULT_REGION`, as the SDK reads
/// them) and the variable it came from.
pub(crate) fn env_region(var: impl Fn(&str) -> Option<String>) -> Option<(&'static str, String)> {
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .into_iter()
        .find_map(|name| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .map(|v| (name, v))
        })
}

/// How the selected profile gets its credentials, in the words of the AWS config file:
/// `credential_process of profile work`, `SSO of profile dev`.
fn profile_source(profiles: Option<&ProfileSet>, profile: Option<&str>) -> String {
    let name = profile
        .map(str::to_owned)
        .or_else(|| profiles.map(|p| p.selected_profile().to_owned()))
        .unwrap_or_else(|| "default".to_owned());
    let found = profiles.and_then(|p| p.get_profile(&name));
    let kind = source_kind(|key| found.is_some_and(|p| p.get(key).is_some()));
    format!("{kind} of profile {name}")
}

/// Which kind of source a profile with these keys is.
fn source_kind(has: impl Fn(&str) -> bool) -> &'static str {
    if has("credential_process") {
        "credential_process"
    } else if has("sso_session") || has("sso_start_url") {
        "SSO"
    } else if has("role_arn") {
        "AssumeRole (role_arn)"
    } else if has("web_identity_token_file") {
        "web identity (web_identity_token_file)"
    } else if has("aws_access_key_id") {
        "the access keys"
    } else {
        "the credentials"
    }
}

/// The custom CA bundle: `AWS_CA_BUNDLE`, else the selected profile's `ca_bundle`.
fn ca_bundle(profiles: Option<&ProfileSet>) -> Option<CaBundle> {
    if let Some(path) = std::env::var_os("AWS_CA_BUNDLE").filter(|p| !p.is_empty()) {
        return Some(CaBundle {
            path: path.into(),
            origin: "AWS_CA_BUNDLE".to_owned(),
        });
    }
    let profiles = profiles?;
    let path = profiles.get("ca_bundle").filter(|p| !p.trim().is_empty())?;
    Some(CaBundle {
        path: path.trim().into(),
        origin: format!("ca_bundle in profile {}", profiles.selected_profile()),
    })
}

/// The custom CA bundle the connection of `profile` trusts, as [`load_config`] finds it.
pub(crate) async fn configured_ca_bundle(profile: Option<&str>) -> Option<CaBundle> {
    ca_bundle(load_profiles(profile).await.as_ref())
}

/// The credentials provider chain Strata uses (see the module docs).
fn credentials_chain(
    conf: &ProviderConfig,
    profile: Option<&str>,
    profile_source: String,
    limit: Duration,
) -> CredentialsProviderChain {
    let mut profile_provider = ProfileFileCredentialsProvider::builder().configure(conf);
    if let Some(p) = profile {
        profile_provider = profile_provider.profile_name(p);
    }
    let profile_provider = limited(profile_provider.build(), profile_source, limit);
    let chain = if profile.is_some() {
        // An explicitly chosen profile wins over environment keys, as `aws --profile` does.
        CredentialsProviderChain::first_try("Profile", profile_provider)
    } else {
        CredentialsProviderChain::first_try(
            "Environment",
            aws_config::environment::credentials::EnvironmentVariableCredentialsProvider::new(),
        )
        .or_else("Profile", profile_provider)
    };
    chain
        .or_else(
            "WebIdentityToken",
            limited(
                WebIdentityTokenCredentialsProvider::builder()
                    .configure(conf)
                    .build(),
                "the web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)".to_owned(),
                limit,
            ),
        )
        .or_else(
            "EcsContainer",
            limited(
                aws_config::ecs::EcsCredentialsProvider::builder()
                    .configure(conf)
                    .build(),
                "the container credentials endpoint".to_owned(),
                limit,
            ),
        )
}

/// The region the AWS config names for `profile` (environment first, then the profile), if any.
pub(crate) async fn configured_region(profile: Option<&str>) -> Option<String> {
    if let Some(r) = EnvironmentVariableRegionProvider::new().region().await {
        return Some(r.to_string());
    }
    let mut provider = ProfileFileRegionProvider::builder();
    if let Some(p) = profile {
        provider = provider.profile_name(p);
    }
    use aws_config::meta::region::ProvideRegion;
    provider.build().region().await.map(|r| r.to_string())
}

/// The demo's static credentials.
fn demo_credentials() -> Credentials {
    Credentials::new(
        DEMO_ACCESS_KEY_ID,
        "strata-demo-secret",
        None,
        None,
        "strata-demo",
    )
}

/// SDK configuration for `target` with no endpoint override: credentials, region, retries,
/// timeouts and Strata's HTTP client (direct for demo mode, proxy and CA bundle from the
/// environment otherwise). Cheap: nothing is fetched until the first call, so building a fresh
/// one whenever the settings change makes new credentials and regions apply at once.
///
/// Fails (before any call) on a bad `STRATA_CREDENTIALS_TIMEOUT_S` or an unusable CA bundle.
pub(crate) async fn base_config(target: &Target) -> Result<SdkConfig> {
    load_config(target, None).await
}

/// SDK configuration for `target` whose clients all go to `target.endpoint_url` when set (tests,
/// benchmarks, one-off clients). See `base_config`.
pub async fn sdk_config(target: &Target) -> Result<SdkConfig> {
    load_config(target, target.endpoint_url.as_deref()).await
}

async fn load_config(target: &Target, endpoint: Option<&str>) -> Result<SdkConfig> {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(30))
        .build();
    // Throttling and transient failures are retried with jittered exponential backoff.
    let retries = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(200));
    let region = Region::new(target.region.clone());
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(region.clone())
        .retry_config(retries.clone())
        .timeout_config(timeouts.clone());
    if target.demo {
        let http = crate::http_client::build(Route::Direct, None).await?;
        loader = loader
            .http_client(http)
            .credentials_provider(demo_credentials());
    } else {
        let limit = credentials_timeout()?;
        let profiles = load_profiles(target.profile.as_deref()).await;
        let http: SharedHttpClient =
            crate::http_client::build(Route::Environment, ca_bundle(profiles.as_ref()).as_ref())
                .await?;
        // The STS and SSO calls of the chain go through the same client as Bedrock's.
        let conf = ProviderConfig::default()
            .with_region(Some(region))
            .with_http_client(http.clone())
            .with_retry_config(retries)
            .with_timeout_config(timeouts);
        let source = profile_source(profiles.as_ref(), target.profile.as_deref());
        if let Some(p) = &target.profile {
            loader = loader.profile_name(p);
        }
        loader = loader
            .http_client(http)
            // The SDK's own bound on loading credentials stays above Strata's per source, so
            // that the error names the source.
            .identity_cache(
                IdentityCache::lazy()
                    .load_timeout(limit.saturating_add(Duration::from_secs(5)))
                    .build(),
            )
            .credentials_provider(credentials_chain(
                &conf,
                target.profile.as_deref(),
                source,
                limit,
            ));
    }
    if let Some(url) = endpoint {
        loader = loader.endpoint_url(url);
    }
    Ok(loader.load().await)
}

/// The endpoints the environment and the AWS config name for each Bedrock client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ConfiguredEndpoints {
    /// Bedrock: `AWS_ENDPOINT_URL_BEDROCK`, else `AWS_ENDPOINT_URL`, else the profile's.
    pub control: Option<String>,
    /// Bedrock Runtime: `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, else `AWS_ENDPOINT_URL`, else the
    /// profile's.
    pub runtime: Option<String>,
}

/// Reads the endpoints configured outside Strata, the way the SDK would for each client (the
/// service-specific variable, `AWS_ENDPOINT_URL`, the profile's `services` section and
/// `endpoint_url`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`), and checks them by the same
/// rules as the settings.
pub(crate) fn configured_endpoints(config: &SdkConfig) -> Result<ConfiguredEndpoints> {
    let lookup = |service_id: &str, variable: &str| -> Result<Option<String>> {
        let Some(loader) = config.service_config() else {
            return Ok(None);
        };
        let Ok(key) = ServiceConfigKey::builder()
            .service_id(service_id)
            .env("AWS_ENDPOINT_URL")
            .profile("endpoint_url")
            .build()
        else {
            return Ok(None);
        };
        let Some(url) = loader.load_config(key) else {
            return Ok(None);
        };
        let named = if std::env::var_os(variable).is_some() {
            variable.to_owned()
        } else if std::env::var_os("AWS_ENDPOINT_URL").is_some() {
            "AWS_ENDPOINT_URL".to_owned()
        } else {
            "the AWS config's endpoint_url".to_owned()
        };
        crate::limits::endpoint_url(&format!("The {service_id} endpoint from {named}"), &url)?;
        Ok(Some(url))
    };
    Ok(ConfiguredEndpoints {
        control: lookup("Bedrock", "AWS_ENDPOINT_URL_BEDROCK")?,
        runtime: lookup("Bedrock Runtime", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME")?,
    })
}

/// Resolves credentials once, to tell "no credentials at all" apart before any Bedrock call.
pub(crate) async fn check_credentials(config: &SdkConfig, target: &Target) -> Result<()> {
    resolve_credentials(config, target).await.map(|_| ())
}

/// Resolves credentials once through `config`'s provider (the doctor reads their expiry);
/// a failure is sorted as [`crate::error::from_credentials_error`] does.
pub(crate) async fn resolve_credentials(
    config: &SdkConfig,
    target: &Target,
) -> Result<Credentials> {
    let Some(provider) = config.credentials_provider() else {
        return Err(crate::error::no_credentials(context(
            target,
            "ResolveCredentials",
            "",
        )));
    };
    provider.provide_credentials().await.map_err(|e| {
        crate::error::from_credentials_error(&e, context(target, "ResolveCredentials", ""))
    })
}

/// The call context for errors of an operation against `target`.
pub(crate) fn context<'a>(
    target: &'a Target,
    operation: &'a str,
    action: &'a str,
) -> CallContext<'a> {
    CallContext {
        operation,
        action,
        region: &target.region,
        profile: target.profile.as_deref(),
    }
}

#[cfg(test)]
mod tests;

mod config_files;
pub use config_files::profile_names;

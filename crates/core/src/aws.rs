//! Building AWS SDK configuration from Strata's settings: the standard credential chain (named
//! profiles, SSO, `credential_process`, assume-role, environment variables), a region, an optional
//! endpoint override, or the demo credentials of the embedded emulator.
//!
//! Strata reads credentials and region like the AWS CLI, with one difference: it never asks the
//! EC2 instance metadata service, which a desktop app has no business probing (on a laptop that
//! lookup only adds seconds of waiting before the "no credentials" answer).

use std::time::Duration;

use aws_config::environment::region::EnvironmentVariableRegionProvider;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::profile::region::ProfileFileRegionProvider;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::web_identity_token::WebIdentityTokenCredentialsProvider;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::Credentials;

use crate::error::{CallContext, Error, Result};

/// The region used when neither the settings nor the AWS config name one.
pub const FALLBACK_REGION: &str = "us-east-1";

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
pub fn is_bedrock_region(region: &str) -> bool {
    BEDROCK_REGIONS.contains(&region)
}

/// True when `region` looks like an AWS region name (`eu-central-1`, `us-gov-west-1`).
pub fn is_region_name(region: &str) -> bool {
    let mut parts = region.split('-').peekable();
    let Some(first) = parts.next() else {
        return false;
    };
    if first.len() != 2 || !first.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    match rest.split_last() {
        Some((number, words)) => {
            !words.is_empty()
                && !number.is_empty()
                && number.len() <= 2
                && number.bytes().all(|b| b.is_ascii_digit())
                && words
                    .iter()
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        }
        None => false,
    }
}

/// Where and as whom Bedrock calls go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// The AWS region.
    pub region: String,
    /// A named profile from `~/.aws/config`; `None` uses `AWS_PROFILE` or `default`.
    pub profile: Option<String>,
    /// An endpoint to use instead of Bedrock's (a VPC endpoint, a proxy, the emulator).
    pub endpoint_url: Option<String>,
    /// Static demo credentials, for the embedded emulator; never real secrets.
    pub demo: bool,
}

/// The access key id the demo credentials use (not a secret: the emulator checks nothing).
pub const DEMO_ACCESS_KEY_ID: &str = "STRATADEMO";

/// The credentials provider chain Strata uses (see the module docs).
fn credentials_chain(profile: Option<&str>, region: &str) -> CredentialsProviderChain {
    let conf = ProviderConfig::default().with_region(Some(Region::new(region.to_owned())));
    let mut profile_provider = ProfileFileCredentialsProvider::builder().configure(&conf);
    if let Some(p) = profile {
        profile_provider = profile_provider.profile_name(p);
    }
    let chain = if profile.is_some() {
        // An explicitly chosen profile wins over environment keys, as `aws --profile` does.
        CredentialsProviderChain::first_try("Profile", profile_provider.build())
    } else {
        CredentialsProviderChain::first_try(
            "Environment",
            aws_config::environment::credentials::EnvironmentVariableCredentialsProvider::new(),
        )
        .or_else("Profile", profile_provider.build())
    };
    chain
        .or_else(
            "WebIdentityToken",
            WebIdentityTokenCredentialsProvider::builder()
                .configure(&conf)
                .build(),
        )
        .or_else(
            "EcsContainer",
            aws_config::ecs::EcsCredentialsProvider::builder()
                .configure(&conf)
                .build(),
        )
}

/// The region the AWS config names for `profile` (environment first, then the profile), if any.
pub async fn configured_region(profile: Option<&str>) -> Option<String> {
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

/// SDK configuration for `target`. Cheap: nothing is fetched until the first call, so building a
/// fresh one whenever the settings change makes new credentials and regions apply at once.
pub async fn sdk_config(target: &Target) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(target.region.clone()))
        .retry_config(
            // Throttling and transient failures are retried with jittered exponential backoff.
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(200)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(30))
                .build(),
        );
    if target.demo {
        loader = loader.credentials_provider(Credentials::new(
            DEMO_ACCESS_KEY_ID,
            "strata-demo-secret",
            None,
            None,
            "strata-demo",
        ));
    } else {
        if let Some(p) = &target.profile {
            loader = loader.profile_name(p);
        }
        loader = loader
            .credentials_provider(credentials_chain(target.profile.as_deref(), &target.region));
    }
    if let Some(url) = &target.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// Resolves credentials once, to tell "no credentials at all" apart before any Bedrock call.
pub async fn check_credentials(config: &SdkConfig, target: &Target) -> Result<()> {
    let Some(provider) = config.credentials_provider() else {
        return Err(crate::error::no_credentials(context(
            target,
            "ResolveCredentials",
            "",
        )));
    };
    provider
        .provide_credentials()
        .await
        .map(|_| ())
        .map_err(|e| {
            crate::error::from_credentials_error(&e, context(target, "ResolveCredentials", ""))
        })
}

/// The call context for errors of an operation against `target`.
pub fn context<'a>(target: &'a Target, operation: &'a str, action: &'a str) -> CallContext<'a> {
    CallContext {
        operation,
        action,
        region: &target.region,
        profile: target.profile.as_deref(),
    }
}

/// Validates an endpoint override the way the SDK will use it.
pub fn validate_endpoint_url(url: &str) -> Result<()> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            Error::validation(format!(
                "The endpoint URL {url:?} must start with https:// (or http:// for a local endpoint)."
            ))
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(Error::validation(format!(
            "The endpoint URL {url:?} has no host name."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_are_recognised() {
        for ok in [
            "us-east-1",
            "ap-northeast-1",
            "us-gov-west-1",
            "eu-central-2",
        ] {
            assert!(is_region_name(ok), "{ok}");
        }
        for bad in [
            "",
            "us",
            "useast1",
            "US-EAST-1",
            "us-east-",
            "us--1",
            "us-east-1a",
            "u-east-1",
        ] {
            assert!(!is_region_name(bad), "{bad}");
        }
    }

    #[test]
    fn endpoint_urls_need_a_scheme_and_host() {
        assert!(validate_endpoint_url("https://bedrock.vpce.example.com").is_ok());
        assert!(validate_endpoint_url("http://127.0.0.1:4000").is_ok());
        assert!(validate_endpoint_url("bedrock.example.com").is_err());
        assert!(validate_endpoint_url("https://").is_err());
        assert!(validate_endpoint_url("ftp://x").is_err());
    }

    #[test]
    fn bedrock_regions_are_region_names() {
        for r in BEDROCK_REGIONS {
            assert!(is_region_name(r), "{r}");
        }
    }
}

/// Profile names from the AWS config and credentials files (`AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`), sorted, without
/// repeats. Unreadable or missing files give no names.
pub fn profile_names() -> Vec<String> {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let file = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(std::path::PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)))
    };
    let mut names = Vec::new();
    for (path, is_config) in [
        (file("AWS_CONFIG_FILE", "config"), true),
        (file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), false),
    ] {
        if let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) {
            names.extend(profile_sections(&text, is_config));
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The profile names of one file's `[section]` headers: in the config file `[default]` and
/// `[profile NAME]` (not `[sso-session …]` or `[services …]`), in the credentials file `[NAME]`.
pub fn profile_sections(text: &str, is_config: bool) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let header = line.trim().strip_prefix('[')?.split(']').next()?.trim();
            if !is_config {
                return Some(header.to_owned());
            }
            if header == "default" {
                return Some(header.to_owned());
            }
            let name = header.strip_prefix("profile")?;
            name.starts_with(char::is_whitespace)
                .then(|| name.trim().to_owned())
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod profile_tests {
    use super::profile_sections;

    #[test]
    fn config_sections_name_profiles_but_not_sessions() {
        let config = "[default]\nregion=us-east-1\n[profile work]\n[sso-session corp]\n[services x]\n  [profile   dev-sso ]  \n[profilex]\n";
        assert_eq!(
            profile_sections(config, true),
            ["default", "work", "dev-sso"]
        );
        assert_eq!(
            profile_sections("[default]\n[ci]\n", false),
            ["default", "ci"]
        );
    }
}

//! A connection to Bedrock as the settings describe it: real AWS through the credential chain, or
//! demo mode's Bedrock (an endpoint with static credentials) when asked for or when no
//! credentials resolve.

use aws_config::SdkConfig;
use serde::Serialize;
use ts_rs::TS;

use crate::aws::{
    base_config, check_credentials, configured_endpoints, configured_region, Target,
    FALLBACK_REGION,
};
use crate::error::{ErrorKind, Result};
use crate::mode::{DemoReason, RunMode};
use crate::settings::{DemoPreference, Settings};

/// The region the demo's example application profiles live in (the emulator's demo seed puts
/// them there; `strata-demo` checks that the two agree).
pub const DEMO_REGION: &str = "ap-northeast-1";

/// Where Bedrock calls go, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    /// The region in use.
    pub region: String,
    /// The credentials profile in use (`None`: the default chain).
    pub profile: Option<String>,
    /// The Bedrock endpoint override in use, if any (not shown for demo mode's loopback emulator).
    pub endpoint_url: Option<String>,
    /// The Bedrock Runtime endpoint override in use, if any (likewise).
    #[ts(optional = nullable)]
    pub runtime_endpoint_url: Option<String>,
    /// `Some` when calls go to the embedded emulator, with the reason.
    pub demo: Option<DemoReason>,
}

/// Demo mode's Bedrock as core sees it: an endpoint on this machine, called with the demo's
/// static credentials. What serves it (the embedded emulator of `strata-demo`) is not core's
/// business, so neither the app's domain nor its tests carry a test server at run time.
#[async_trait::async_trait]
pub trait DemoBackend: Send + Sync {
    /// The endpoint (`http://127.0.0.1:PORT`), starting the backend on first use.
    async fn endpoint(&self) -> Result<String>;
    /// Stops the backend if it runs.
    async fn shutdown(&self);
}

/// The Bedrock that demo mode talks to: a [`DemoBackend`] started on first use and kept for the
/// life of the app, or an endpoint someone else runs.
pub struct DemoBedrock {
    backend: Backend,
}

enum Backend {
    External(String),
    Owned(Box<dyn DemoBackend>),
}

impl DemoBedrock {
    /// Demo mode served by `backend` (the app and the CLI pass `strata-demo`'s embedded emulator).
    pub fn new(backend: impl DemoBackend + 'static) -> Self {
        Self {
            backend: Backend::Owned(Box::new(backend)),
        }
    }

    /// Demo mode against an emulator that already runs at `endpoint` (another process, or one a
    /// test started); nothing is started or stopped here.
    pub fn external(endpoint: impl Into<String>) -> Self {
        Self {
            backend: Backend::External(endpoint.into()),
        }
    }

    /// The endpoint, starting the backend if it is not running yet.
    pub async fn endpoint(&self) -> Result<String> {
        match &self.backend {
            Backend::External(endpoint) => Ok(endpoint.clone()),
            Backend::Owned(backend) => backend.endpoint().await,
        }
    }

    /// Stops the backend if it runs (an external one is left alone).
    pub async fn shutdown(&self) {
        if let Backend::Owned(backend) = &self.backend {
            backend.shutdown().await;
        }
    }
}

/// Where real-AWS calls for `settings` go, with the SDK configuration for it and the Bedrock
/// Runtime endpoint: the settings' region, else `AWS_REGION` or the profile's region in the AWS
/// config files, else us-east-1; the settings' endpoints, else what the environment or the AWS
/// config names for each client. Reads files only, never the network, so the cached catalog can
/// be found before connecting.
pub async fn real_target(settings: &Settings) -> Result<(Target, SdkConfig, Option<String>)> {
    let profile = settings.aws_profile.clone();
    let region = match &settings.region {
        Some(r) => r.clone(),
        None => configured_region(profile.as_deref())
            .await
            .unwrap_or_else(|| FALLBACK_REGION.to_owned()),
    };
    let mut target = Target {
        region,
        profile,
        endpoint_url: None,
        demo: false,
    };
    let config = base_config(&target).await?;
    // Settings win; otherwise each client takes what the environment or the AWS config
    // names for it (AWS_ENDPOINT_URL_BEDROCK, AWS_ENDPOINT_URL_BEDROCK_RUNTIME, …).
    let configured = configured_endpoints(&config)?;
    target.endpoint_url = settings.endpoint_url.clone().or(configured.control);
    let runtime_endpoint = settings.runtime_endpoint_url.clone().or(configured.runtime);
    Ok((target, config, runtime_endpoint))
}

/// A ready-to-use connection.
pub struct Session {
    /// Where calls go.
    pub target: Target,
    /// What the UI shows about it.
    pub info: ConnectionInfo,
    /// The Bedrock Runtime endpoint override (the Bedrock one is `target.endpoint_url`).
    pub runtime_endpoint_url: Option<String>,
    config: SdkConfig,
    /// Shared by a connection and those made from it for other regions ([`Session::in_region`]):
    /// they hold the same credentials, so one's auth failure is all of theirs.
    credentials: std::sync::Arc<()>,
    control: aws_sdk_bedrock::Client,
    runtime: aws_sdk_bedrockruntime::Client,
}

impl Session {
    /// Connects as `settings` and the start-up `mode` say (see the module docs).
    pub async fn connect(settings: &Settings, mode: RunMode, demo: &DemoBedrock) -> Result<Self> {
        settings.validate()?;
        let forced = mode.demo.or(match settings.demo_mode {
            DemoPreference::On => Some(DemoReason::Setting),
            _ => None,
        });
        if let Some(reason) = forced {
            return Self::demo(settings, reason, demo).await;
        }
        let (target, config, runtime_endpoint) = real_target(settings).await?;
        if settings.demo_mode == DemoPreference::Auto {
            if let Err(e) = check_credentials(&config, &target).await {
                if e.kind() == ErrorKind::NoCredentials {
                    tracing::info!(target: "app", reason = %e, "no AWS credentials; using the demo Bedrock");
                    return Self::demo(settings, DemoReason::NoCredentials, demo).await;
                }
                // Expired or broken credentials are the user's to fix: say so, do not hide it.
                return Err(e);
            }
        }
        Ok(Self::from_parts(target, runtime_endpoint, config, None))
    }

    async fn demo(settings: &Settings, reason: DemoReason, demo: &DemoBedrock) -> Result<Self> {
        let endpoint = demo.endpoint().await?;
        let target = Target {
            region: settings
                .region
                .clone()
                .unwrap_or_else(|| DEMO_REGION.to_owned()),
            profile: None,
            endpoint_url: Some(endpoint.clone()),
            demo: true,
        };
        let config = base_config(&target).await?;
        Ok(Self::from_parts(
            target,
            Some(endpoint),
            config,
            Some(reason),
        ))
    }

    /// Each client gets its own endpoint, set on the client itself so that nothing in the
    /// environment can redirect it (demo mode's emulator in particular).
    fn from_parts(
        target: Target,
        runtime_endpoint_url: Option<String>,
        config: SdkConfig,
        demo: Option<DemoReason>,
    ) -> Self {
        let shown = |url: &Option<String>| if demo.is_some() { None } else { url.clone() };
        let info = ConnectionInfo {
            region: target.region.clone(),
            profile: target.profile.clone(),
            endpoint_url: shown(&target.endpoint_url),
            runtime_endpoint_url: shown(&runtime_endpoint_url),
            demo,
        };
        let mut control = aws_sdk_bedrock::config::Builder::from(&config);
        control.set_endpoint_url(target.endpoint_url.clone());
        let control = aws_sdk_bedrock::Client::from_conf(control.build());
        let mut runtime = aws_sdk_bedrockruntime::config::Builder::from(&config);
        runtime.set_endpoint_url(runtime_endpoint_url.clone());
        let runtime = aws_sdk_bedrockruntime::Client::from_conf(runtime.build());
        Self {
            target,
            info,
            runtime_endpoint_url,
            config,
            credentials: std::sync::Arc::new(()),
            control,
            runtime,
        }
    }

    /// The same connection in `region`: the same credentials source (and its cached
    /// credentials: the configuration is shared, not resolved again), the same endpoint
    /// overrides (demo mode's emulator serves every region, taken from the SigV4 scope), only
    /// the region changed.
    pub fn in_region(&self, region: &str) -> Self {
        let config = self
            .config
            .to_builder()
            .region(aws_config::Region::new(region.to_owned()))
            .build();
        let target = Target {
            region: region.to_owned(),
            ..self.target.clone()
        };
        Self {
            credentials: self.credentials.clone(),
            ..Self::from_parts(
                target,
                self.runtime_endpoint_url.clone(),
                config,
                self.info.demo,
            )
        }
    }

    /// True when `other` holds the same credentials: it is this connection, or one made from
    /// the same one for another region.
    pub fn shares_credentials_with(&self, other: &Session) -> bool {
        std::sync::Arc::ptr_eq(&self.credentials, &other.credentials)
    }

    /// The Bedrock control-plane client.
    pub fn control(&self) -> &aws_sdk_bedrock::Client {
        &self.control
    }

    /// The bedrock-runtime client (chat).
    pub fn runtime(&self) -> &aws_sdk_bedrockruntime::Client {
        &self.runtime
    }

    /// The SDK configuration, for other clients (Cost Explorer, STS …): credentials, region and
    /// the HTTP client, without Bedrock's endpoint overrides.
    pub fn sdk_config(&self) -> &SdkConfig {
        &self.config
    }

    /// The configuration for the other AWS services of the connection (STS, Cost Explorer,
    /// Budgets, CloudWatch, the Price List): in demo mode they go to the emulator, which serves
    /// them on Bedrock's port; otherwise to AWS (or to `AWS_ENDPOINT_URL`, which the SDK reads),
    /// never to a Bedrock-only endpoint override such as a VPC endpoint.
    pub fn services_config(&self) -> SdkConfig {
        match (&self.info.demo, &self.target.endpoint_url) {
            (Some(_), Some(endpoint)) => self
                .config
                .to_builder()
                .endpoint_url(endpoint.clone())
                .build(),
            _ => self.config.clone(),
        }
    }
}

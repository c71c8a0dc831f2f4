//! A connection to Bedrock as the settings describe it: real AWS through the credential chain, or
//! the embedded emulator (demo mode) when asked for or when no credentials resolve.

use std::path::PathBuf;

use aws_config::SdkConfig;
use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Pacing, Seed, StartError};
use serde::Serialize;
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::aws::{check_credentials, configured_region, sdk_config, Target, FALLBACK_REGION};
use crate::error::{Error, ErrorKind, Result};
use crate::mode::{DemoReason, RunMode};
use crate::settings::{DemoPreference, Settings};

/// The region the demo's example application profiles live in.
pub const DEMO_REGION: &str = bedrock_emulator::DEMO_REGION;

/// Where Bedrock calls go, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    /// The region in use.
    pub region: String,
    /// The credentials profile in use (`None`: the default chain).
    pub profile: Option<String>,
    /// The endpoint override in use, if any (not shown for demo mode's loopback emulator).
    pub endpoint_url: Option<String>,
    /// `Some` when calls go to the embedded emulator, with the reason.
    pub demo: Option<DemoReason>,
}

/// The embedded emulator of demo mode, started on first use and kept for the life of the app.
pub struct DemoBedrock {
    state_file: Option<PathBuf>,
    pacing: Pacing,
    handle: Mutex<Option<EmulatorHandle>>,
    external: Option<String>,
}

impl DemoBedrock {
    /// A demo Bedrock whose profiles persist in `state_file` (`None`: in memory only).
    pub fn new(state_file: Option<PathBuf>) -> Self {
        Self {
            state_file,
            pacing: Pacing::REALISTIC,
            handle: Mutex::new(None),
            external: None,
        }
    }

    /// Demo mode against an emulator that already runs at `endpoint` (another process, or one a
    /// test started); nothing is started or stopped here.
    pub fn external(endpoint: impl Into<String>) -> Self {
        Self {
            external: Some(endpoint.into()),
            ..Self::new(None)
        }
    }

    /// The same, answering without delays (tests, benchmarks, scripts).
    pub fn without_pacing(mut self) -> Self {
        self.pacing = Pacing::ZERO;
        self
    }

    /// The emulator's endpoint, starting it on a free loopback port if it is not running yet.
    /// A corrupt state file is moved aside (never overwritten) and the demo starts afresh.
    pub async fn endpoint(&self) -> Result<String> {
        if let Some(endpoint) = &self.external {
            return Ok(endpoint.clone());
        }
        let mut handle = self.handle.lock().await;
        if let Some(h) = handle.as_ref() {
            return Ok(h.endpoint());
        }
        let started = match Emulator::start(self.config()).await {
            Err(StartError::CorruptState { path, reason }) => {
                let backup = path.with_extension(format!("corrupt-{}", crate::catalog::now_ms()));
                std::fs::rename(&path, &backup).map_err(|e| {
                    Error::internal(format!(
                        "The demo's saved state {} is damaged and could not be moved aside: {e}",
                        path.display()
                    ))
                })?;
                tracing::warn!(target: "demo", path = %path.display(), backup = %backup.display(), %reason, "the demo's saved state was damaged; kept a copy and started afresh");
                Emulator::start(self.config()).await
            }
            other => other,
        }
        .map_err(|e| Error::internal(format!("The demo Bedrock could not start: {e}")))?;
        let endpoint = started.endpoint();
        tracing::info!(target: "demo", %endpoint, "demo Bedrock started");
        *handle = Some(started);
        Ok(endpoint)
    }

    fn config(&self) -> EmulatorConfig {
        let mut config = EmulatorConfig::default()
            .with_seed(Seed::Demo)
            .with_pacing(self.pacing)
            .with_state_writer(std::sync::Arc::new(crate::durable::write));
        if let Some(path) = &self.state_file {
            config = config.with_state_file(path.clone());
        }
        config
    }

    /// Stops the emulator if it runs.
    pub async fn shutdown(&self) {
        if let Some(h) = self.handle.lock().await.take() {
            h.shutdown().await;
        }
    }
}

/// A ready-to-use connection.
pub struct Session {
    /// Where calls go.
    pub target: Target,
    /// What the UI shows about it.
    pub info: ConnectionInfo,
    config: SdkConfig,
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
        let profile = settings.aws_profile.clone();
        let region = match &settings.region {
            Some(r) => r.clone(),
            None => configured_region(profile.as_deref())
                .await
                .unwrap_or_else(|| FALLBACK_REGION.to_owned()),
        };
        let target = Target {
            region,
            profile,
            endpoint_url: settings.endpoint_url.clone(),
            demo: false,
        };
        let config = sdk_config(&target).await;
        if settings.demo_mode == DemoPreference::Auto {
            if let Err(e) = check_credentials(&config, &target).await {
                if e.kind() == ErrorKind::NoCredentials {
                    tracing::info!(target: "app", reason = %e, "no AWS credentials; using the demo Bedrock");
                    return Self::demo(settings, DemoReason::NoCredentials, demo).await;
                }
                // Expired or broken credentials are the user's to fix: say so, do not hide it.
            }
        }
        Ok(Self::from_parts(target, config, None))
    }

    async fn demo(settings: &Settings, reason: DemoReason, demo: &DemoBedrock) -> Result<Self> {
        let endpoint = demo.endpoint().await?;
        let target = Target {
            region: settings
                .region
                .clone()
                .unwrap_or_else(|| DEMO_REGION.to_owned()),
            profile: None,
            endpoint_url: Some(endpoint),
            demo: true,
        };
        let config = sdk_config(&target).await;
        Ok(Self::from_parts(target, config, Some(reason)))
    }

    fn from_parts(target: Target, config: SdkConfig, demo: Option<DemoReason>) -> Self {
        let info = ConnectionInfo {
            region: target.region.clone(),
            profile: target.profile.clone(),
            endpoint_url: if demo.is_some() {
                None
            } else {
                target.endpoint_url.clone()
            },
            demo,
        };
        let control = aws_sdk_bedrock::Client::new(&config);
        let runtime = aws_sdk_bedrockruntime::Client::new(&config);
        Self {
            target,
            info,
            config,
            control,
            runtime,
        }
    }

    /// The Bedrock control-plane client.
    pub fn control(&self) -> &aws_sdk_bedrock::Client {
        &self.control
    }

    /// The bedrock-runtime client (chat).
    pub fn runtime(&self) -> &aws_sdk_bedrockruntime::Client {
        &self.runtime
    }

    /// The SDK configuration, for other clients.
    pub fn sdk_config(&self) -> &SdkConfig {
        &self.config
    }
}

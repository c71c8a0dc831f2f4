//! Demo mode's Bedrock: the project's emulator started in-process on a free loopback port, seeded
//! with the user guide's example application profiles, keeping what the user creates in a state
//! file in the app's data folder. The app and the `strata-cli` commands hand it to core as a
//! [`DemoBackend`]; core itself only sees an endpoint.
//!
//! The embedded emulator serves Bedrock's API only: its admin API (`/_emulator/…`, faults and
//! resets without authentication) is off, so nothing on this machine can reshape the demo.

use std::path::PathBuf;
use std::sync::Arc;

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Pacing, Seed, StartError};
use strata_core::{DemoBackend, DemoBedrock, Error, Result};
use tokio::sync::Mutex;

/// The emulator of demo mode, started on first use and kept until [`DemoBackend::shutdown`].
pub struct EmbeddedDemo {
    state_file: Option<PathBuf>,
    pacing: Pacing,
    handle: Mutex<Option<EmulatorHandle>>,
}

impl EmbeddedDemo {
    /// A demo whose profiles persist in `state_file` (`None`: in memory only), answering at the
    /// pace of a real model.
    pub fn new(state_file: Option<PathBuf>) -> Self {
        Self {
            state_file,
            pacing: Pacing::REALISTIC,
            handle: Mutex::new(None),
        }
    }

    /// The same, answering without delays (the headless commands, scripts).
    pub fn without_pacing(mut self) -> Self {
        self.pacing = Pacing::ZERO;
        self
    }

    /// Core's handle on this demo.
    pub fn into_bedrock(self) -> DemoBedrock {
        DemoBedrock::new(self)
    }

    fn config(&self) -> EmulatorConfig {
        let mut config = EmulatorConfig::default()
            .with_seed(Seed::Demo)
            .with_pacing(self.pacing)
            .with_admin_api(false)
            .with_state_writer(Arc::new(strata_core::durable::write));
        if let Some(path) = &self.state_file {
            config = config.with_state_file(path.clone());
        }
        config
    }
}

#[async_trait::async_trait]
impl DemoBackend for EmbeddedDemo {
    /// The emulator's endpoint, starting it on a free loopback port if it is not running yet.
    /// A corrupt state file is moved aside (never overwritten) and the demo starts afresh.
    async fn endpoint(&self) -> Result<String> {
        let mut handle = self.handle.lock().await;
        if let Some(h) = handle.as_ref() {
            return Ok(h.endpoint());
        }
        let started = match Emulator::start(self.config()).await {
            Err(StartError::CorruptState { path, reason }) => {
                let backup = path.with_extension(format!(
                    "corrupt-{}",
                    strata_core::clock::now_ms()
                ));
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

    /// Stops the emulator if it runs.
    async fn shutdown(&self) {
        if let Some(h) = self.handle.lock().await.take() {
            h.shutdown().await;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn core_and_the_emulator_agree_on_the_demo_region() {
        assert_eq!(
            strata_core::session::DEMO_REGION,
            bedrock_emulator::DEMO_REGION
        );
    }
}

//! State shared by the commands: facts fixed at start-up, the log hub, and (once the window's
//! setup ran) the settings store and the catalog service.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use strata_core::chat::ChatService;
use strata_core::conversations::ConversationStore;
use strata_core::{CatalogService, RunMode};
use tauri::Runtime;

use crate::error::IpcError;
use crate::events::AppInfo;
use crate::logging::LogHub;
use crate::settings_store::SettingsStore;

/// Managed by Tauri; commands read it through `tauri::State<AppState>`.
pub struct AppState {
    /// What the About dialog shows.
    pub info: AppInfo,
    /// Recent log lines, and the link that forwards new ones to the webview console.
    pub logs: LogHub,
    /// How the app was started (`--demo`, `STRATA_DEMO`).
    pub mode: RunMode,
    /// Where settings, the catalog cache and the demo's state live; `None` uses the app data dir.
    pub data_dir: Option<PathBuf>,
    /// Demo mode against an emulator that already runs there instead of the embedded one (tests).
    pub demo_endpoint: Option<String>,
}

impl AppState {
    /// Collects the start-up facts; `log_dir` is where `logs`' lines are also written.
    pub fn new(mode: RunMode, log_dir: &Path, logs: LogHub) -> Self {
        Self {
            info: AppInfo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
                build_profile: if cfg!(debug_assertions) {
                    "debug"
                } else {
                    "release"
                }
                .to_owned(),
                tauri_version: tauri::VERSION.to_owned(),
                log_dir: log_dir.display().to_string(),
                log_file: crate::logging::current_file_in(log_dir)
                    .display()
                    .to_string(),
                demo_mode: mode.is_demo(),
                prices_problem: None,
                // Known once setup has opened the database (see `commands::app::app_info`).
                storage_notice: None,
            },
            logs,
            mode,
            data_dir: None,
            demo_endpoint: None,
        }
    }

    /// Keeps settings, cache and demo state in `dir` instead of the app data dir (tests).
    pub fn with_data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// Demo mode talks to the emulator at `endpoint` (which the caller runs and can inject faults
    /// into) instead of starting the embedded one (tests).
    pub fn with_demo_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.demo_endpoint = Some(endpoint.into());
        self
    }
}

/// The settings and the catalog, managed once setup has the app handle.
pub struct Domain<R: Runtime> {
    /// Where the settings are saved.
    pub settings: SettingsStore<R>,
    /// The catalog service (it also owns the connection and demo mode's emulator).
    pub catalog: Arc<CatalogService>,
    /// Chats in flight, prices and the usage ledger.
    pub chat: Arc<ChatService>,
    /// Saved conversations.
    pub conversations: ConversationStore,
    /// Why the user's `prices.json` is not used, when it is broken (shown in Settings).
    pub prices_problem: Option<IpcError>,
}

//! State shared by the commands: facts fixed at start-up and the log hub.

use std::path::Path;

use strata_core::RunMode;

use crate::events::AppInfo;
use crate::logging::LogHub;

/// Managed by Tauri; commands read it through `tauri::State<AppState>`.
pub struct AppState {
    /// What the About dialog shows.
    pub info: AppInfo,
    /// Recent log lines, and the link that forwards new ones to the webview console.
    pub logs: LogHub,
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
            },
            logs,
        }
    }
}

//! State shared by the commands: facts fixed at start-up, the log hub, and (once the window's
//! setup ran) the settings store and the catalog service.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use strata_core::chat::ChatService;
use strata_core::conversations::ConversationStore;
use strata_core::costs::Costs;
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
    /// Where settings, `strata.db`, the catalog cache and the demo's state live (`STRATA_DATA_DIR`
    /// or a test's folder); `None` uses the app data dir.
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

    /// Takes what the environment moves, read once at start: `STRATA_DATA_DIR` (the data folder,
    /// as for the headless commands). `var` reads a variable (`std::env::var_os`, or a test's).
    pub fn with_environment(self, var: impl Fn(&str) -> Option<OsString>) -> Self {
        match strata_core::data_folder::dir_override(var) {
            Some(dir) => self.with_data_dir(dir),
            None => self,
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
pub(crate) struct Domain<R: Runtime> {
    /// Where the settings are saved.
    pub settings: SettingsStore<R>,
    /// The catalog service (it also owns the connection and demo mode's emulator).
    pub catalog: Arc<CatalogService>,
    /// Chats in flight, prices and the usage ledger.
    pub chat: Arc<ChatService>,
    /// Saved conversations.
    pub conversations: ConversationStore,
    /// Why the user's `prices.json` or the cached Price List is not used, when one is broken
    /// (shown in Settings).
    pub prices_problem: Option<IpcError>,
    /// Costs: the estimate, the bill (cached), tag activation, alerts.
    pub costs: Arc<Costs>,
    /// The data folder (settings, database, cache, exports' fallback).
    pub data_dir: PathBuf,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use serde_json::{json, Value};
    use tauri::test::mock_builder;
    use tauri::Manager;

    use crate::tests::invoke;

    use super::*;

    #[test]
    fn strata_data_dir_moves_the_windows_settings_database_and_cache() {
        let moved = tempfile::tempdir().unwrap();
        std::fs::write(
            moved.path().join("settings.json"),
            br#"{"settings": {"enableInferenceProfiles": true}}"#,
        )
        .unwrap();
        let logs = tempfile::tempdir().unwrap();
        let environment =
            |name: &str| (name == "STRATA_DATA_DIR").then(|| moved.path().as_os_str().to_owned());
        let mode = RunMode::from_switches(["--demo"], None);
        let state = AppState::new(mode, logs.path(), LogHub::new(10)).with_environment(environment);
        let mut app = crate::configure(mock_builder(), state)
            .build(crate::context())
            .unwrap();
        #[allow(deprecated)]
        app.run_iteration(|_, _| {});
        // The setup opened the main window itself (to give WebKit the moved folder too).
        let main = app.get_webview_window("main").expect("the main window");

        // The settings come from the moved folder, the database is opened there…
        let snapshot = invoke(&main, "get_settings", Value::Null).unwrap();
        assert_eq!(snapshot["settings"]["enableInferenceProfiles"], true);
        assert!(moved.path().join("strata.db").is_file());
        // …and the catalog of the (embedded) demo is cached there.
        let list = invoke(&main, "list_models", json!({ "refresh": false })).unwrap();
        assert_eq!(list["error"], Value::Null, "{list}");
        let cached = std::fs::read_dir(moved.path().join("cache"))
            .unwrap()
            .count();
        assert!(cached > 0, "a cached catalog in the moved folder");
    }

    #[test]
    fn by_default_the_window_and_the_headless_commands_share_one_data_folder() {
        let logs = tempfile::tempdir().unwrap();
        let state = AppState::new(RunMode::default(), logs.path(), LogHub::new(10));
        let app = crate::configure(mock_builder(), state)
            .build(crate::context())
            .unwrap();
        assert_eq!(app.config().identifier, crate::IDENTIFIER);
        assert_eq!(
            app.path().app_data_dir().unwrap(),
            strata_core::data_folder::default_data_dir()
        );
    }

    #[test]
    fn without_the_variable_the_window_keeps_the_app_data_dir() {
        let logs = tempfile::tempdir().unwrap();
        let state = AppState::new(RunMode::default(), logs.path(), LogHub::new(10))
            .with_environment(|_| None);
        assert_eq!(state.data_dir, None);
    }
}

//! Types that cross IPC, and the one app-wide event the backend broadcasts.
//! Their TypeScript twins are generated into `ui/src/bindings/index.ts` (see `bindings.rs`).

use serde::Serialize;
use strata_core::ModelList;
use ts_rs::TS;

use crate::error::IpcError;
use crate::settings_store::SettingsSnapshot;

/// The name of the app-wide broadcast channel; payloads are `AppEvent`.
pub(crate) const APP_EVENT: &str = "strata://event";

/// Facts for the About dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version (from Cargo.toml).
    pub version: String,
    /// `debug` or `release`.
    pub build_profile: String,
    /// The Tauri version the app is built on.
    pub tauri_version: String,
    /// The folder holding the rotating log files.
    pub log_dir: String,
    /// Today's log file.
    pub log_file: String,
    /// True when the app was started in demo mode (`--demo`, `STRATA_DEMO`); the settings and
    /// missing credentials can also choose it, which `ModelList::connection` tells.
    pub demo_mode: bool,
    /// Why the user's `prices.json` or the cached AWS Price List is not used (it is broken; the
    /// other sources apply), if one is not.
    pub prices_problem: Option<IpcError>,
    /// What start-up found about the saved conversations and usage that the user should know (a
    /// damaged database moved aside, a newer one opened read-only, lines of the old files that
    /// could not be imported); `None` when all is well.
    pub storage_notice: Option<String>,
}

/// Severity of a forwarded log line, mapped to the console method that prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// `console.error`
    Error,
    /// `console.warn`
    Warn,
    /// `console.info`
    Info,
    /// `console.debug`
    Debug,
    /// `console.debug`
    Trace,
}

/// One log line forwarded from Rust to the developer-tools console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    /// Increases by one per line, so the UI can merge replayed and live lines without repeats.
    #[ts(type = "number")]
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub time_ms: u64,
    /// Severity.
    pub level: LogLevel,
    /// The area shown in brackets, e.g. `inference-profile`.
    pub area: String,
    /// The human message.
    pub message: String,
    /// Structured fields, in the order they were recorded.
    pub fields: Vec<(String, String)>,
}

/// What a menu item asks the UI to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub(crate) enum MenuAction {
    /// Show the About dialog.
    About,
    /// Show the Settings screen.
    Settings,
}

/// Everything the backend broadcasts to the UI, on the `APP_EVENT` channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub(crate) enum AppEvent {
    /// A new log line for the developer-tools console.
    Log {
        /// The line.
        line: LogLine,
    },
    /// A menu item was chosen.
    Menu {
        /// What to do.
        action: MenuAction,
    },
    /// The settings changed (saved already).
    Settings {
        /// The settings now in force.
        snapshot: SettingsSnapshot,
    },
    /// The model list changed: a refresh finished (or failed), tags arrived, or a setting
    /// changed what is shown.
    Catalog {
        /// The list now.
        list: ModelList,
    },
}

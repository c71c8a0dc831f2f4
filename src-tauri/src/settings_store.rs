//! Settings persisted with tauri-plugin-store: one `Settings` value under one key of
//! `settings.json` in the app's data folder, written the moment it changes.
//!
//! The plugin silently starts empty on a file it cannot parse, and would then overwrite it; so the
//! file is checked first, and an unreadable one is moved aside to a timestamped backup. A value
//! that is not valid settings is also backed up before the defaults replace it. Either way the
//! user is told (`SettingsSnapshot::notice`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use serde_json::Value;
use strata_core::settings::{self, Settings, STORE_KEY};
use tauri::Runtime;
use tauri_plugin_store::{Store, StoreBuilder};
use ts_rs::TS;

use crate::error::IpcError;

/// The settings and anything the user should know about how they were loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsSnapshot {
    /// The settings in force.
    pub settings: Settings,
    /// Set when stored settings could not be used and were backed up (says where).
    pub notice: Option<String>,
    /// The file the settings are saved in.
    pub path: String,
}

/// The settings file and what start-up found in it.
pub struct SettingsStore<R: Runtime> {
    store: Arc<Store<R>>,
    path: PathBuf,
    notice: Mutex<Option<String>>,
}

impl<R: Runtime> SettingsStore<R> {
    /// Opens (or creates) `dir/settings.json`; returns the store and the settings to start with.
    pub fn open(app: &tauri::AppHandle<R>, dir: &Path) -> Result<(Self, Settings), IpcError> {
        let path = dir.join("settings.json");
        let mut notices = Vec::new();
        match settings::quarantine_if_corrupt(&path) {
            Ok(Some(backup)) => {
                tracing::warn!(target: "settings", backup = %backup.display(), "the settings file was unreadable; it was backed up and defaults are used");
                notices.push(format!(
                    "Your settings file could not be read, so Strata started with default settings. The old file was kept as {}.",
                    backup.display()
                ));
            }
            Ok(None) => {}
            Err(e) => {
                return Err(IpcError::internal(format!(
                    "The settings file {} could not be checked: {e}",
                    path.display()
                )))
            }
        }
        // Saved explicitly on every change, so no debounce can lose the last one.
        let store = StoreBuilder::new(app, &path)
            .disable_auto_save()
            .build()
            .map_err(|e| IpcError::internal(format!("The settings could not be opened: {e}")))?;
        let stored = store.get(STORE_KEY);
        let restored = settings::restore(stored.as_ref());
        if let (Some(problem), Some(value)) = (&restored.problem, &stored) {
            let backup = settings::back_up_value(&path, value)
                .map(|b| b.display().to_string())
                .unwrap_or_else(|e| format!("(the backup failed: {e})"));
            tracing::warn!(target: "settings", %problem, %backup, "stored settings replaced by defaults");
            notices.push(format!(
                "Strata started with default settings because {problem}. The old settings were kept in {backup}."
            ));
        }
        let this = Self {
            store,
            path,
            notice: Mutex::new((!notices.is_empty()).then(|| notices.join(" "))),
        };
        if stored.is_none() || restored.problem.is_some() {
            this.save(&restored.settings)?;
        }
        Ok((this, restored.settings))
    }

    /// Writes `settings` to disk now.
    pub fn save(&self, settings: &Settings) -> Result<(), IpcError> {
        let value = serde_json::to_value(settings)
            .map_err(|e| IpcError::internal(format!("The settings could not be encoded: {e}")))?;
        self.store.set(STORE_KEY, value);
        self.store.save().map_err(|e| {
            IpcError::internal(format!(
                "The settings could not be saved to {}: {e}",
                self.path.display()
            ))
            .with_hint("Check that the folder is writable and the disk is not full.")
        })
    }

    /// The settings as the UI gets them.
    pub fn snapshot(&self, settings: Settings) -> SettingsSnapshot {
        SettingsSnapshot {
            settings,
            notice: self
                .notice
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
            path: self.path.display().to_string(),
        }
    }

    /// The value stored on disk right now (tests).
    pub fn stored_value(&self) -> Option<Value> {
        self.store.get(STORE_KEY)
    }
}

//! Settings persisted with tauri-plugin-store: one `Settings` value under one key of
//! `settings.json` in the app's data folder, written the moment it changes.
//!
//! The plugin silently starts empty on a file it cannot parse, and would then overwrite it; so the
//! file is checked first, and an unreadable one is moved aside to a timestamped backup. A value
//! that is not valid settings is also backed up before the defaults replace it. Either way the
//! user is told (`SettingsSnapshot::notice`).
//!
//! The plugin's own save is a plain truncating write (and it saves again at exit), so a crash or
//! a full disk in the middle of it could leave an empty file. Strata therefore writes the file
//! itself with the durable-write helper (temp file, fsync, rename), after first writing the same
//! bytes durably to `settings.json.bak`; at start, a missing or unreadable `settings.json` is
//! recovered from that backup. A save that fails leaves both files and the store as they were.

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
pub(crate) struct SettingsSnapshot {
    /// The settings in force.
    pub settings: Settings,
    /// Set when stored settings could not be used and were backed up (says where).
    pub notice: Option<String>,
    /// The file the settings are saved in.
    pub path: String,
}

/// The settings file and what start-up found in it.
pub(crate) struct SettingsStore<R: Runtime> {
    store: Arc<Store<R>>,
    path: PathBuf,
    notice: Mutex<Option<String>>,
    updates: tokio::sync::Mutex<()>,
}

impl<R: Runtime> SettingsStore<R> {
    /// Opens (or creates) `dir/settings.json`; returns the store and the settings to start with.
    pub(crate) fn open(
        app: &tauri::AppHandle<R>,
        dir: &Path,
    ) -> Result<(Self, Settings), IpcError> {
        let path = dir.join("settings.json");
        let mut notices = Vec::new();
        if let Some(recovered) = recover_from_backup(&path) {
            notices.push(recovered);
        }
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
            updates: tokio::sync::Mutex::new(()),
        };
        if stored.is_none() || restored.problem.is_some() {
            this.save(&restored.settings)?;
        }
        Ok((this, restored.settings))
    }

    /// Writes `settings` to disk now, durably; on failure nothing changed (on disk or in the
    /// store) and the previous settings are intact. Call it before applying the settings.
    pub(crate) fn save(&self, settings: &Settings) -> Result<(), IpcError> {
        let value = serde_json::to_value(settings)
            .map_err(|e| IpcError::internal(format!("The settings could not be encoded: {e}")))?;
        // The whole store, as the plugin writes it (pretty JSON of every key).
        let mut all: serde_json::Map<String, Value> = self.store.entries().into_iter().collect();
        all.insert(STORE_KEY.to_owned(), value.clone());
        let bytes = serde_json::to_vec_pretty(&all)
            .map_err(|e| IpcError::internal(format!("The settings could not be encoded: {e}")))?;
        let failed = |e: std::io::Error, path: &Path| {
            IpcError::internal(format!(
                "The settings could not be saved to {}: {e}",
                path.display()
            ))
            .with_hint("Your previous settings are kept. Check that the folder is writable and the disk is not full.")
        };
        let backup = backup_path(&self.path);
        strata_core::durable::write(&backup, &bytes).map_err(|e| failed(e, &backup))?;
        strata_core::durable::write(&self.path, &bytes).map_err(|e| failed(e, &self.path))?;
        // Only now the store: its exit-time save then writes what is already on disk.
        self.store.set(STORE_KEY, value);
        Ok(())
    }

    /// Serialises concurrent updates, so that the order saved is the order applied.
    pub(crate) async fn lock_updates(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.updates.lock().await
    }

    /// The settings as the UI gets them.
    pub(crate) fn snapshot(&self, settings: Settings) -> SettingsSnapshot {
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
}

/// `settings.json` → `settings.json.bak`.
fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// True when `bytes` are a JSON object (what the store can load).
fn is_store_json(bytes: &[u8]) -> bool {
    matches!(serde_json::from_slice::<Value>(bytes), Ok(Value::Object(_)))
}

/// Puts the last durable backup back when `path` is missing, empty or unreadable (a save cut by
/// a crash or a full disk). The unreadable file is kept as `settings.json.corrupt-<ms>`. Returns
/// what to tell the user, when something was recovered.
fn recover_from_backup(path: &Path) -> Option<String> {
    let backup = backup_path(path);
    let saved = std::fs::read(&backup).ok().filter(|b| is_store_json(b))?;
    let current = match std::fs::read(path) {
        Ok(bytes) if is_store_json(&bytes) => return None,
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(_) => return None,
    };
    let kept = match current {
        Some(_) => match settings::quarantine_if_corrupt(path) {
            Ok(kept) => kept,
            Err(e) => {
                tracing::warn!(target: "settings", error = %e, "the damaged settings file could not be moved aside");
                return None;
            }
        },
        None => None,
    };
    if let Err(e) = strata_core::durable::write(path, &saved) {
        tracing::warn!(target: "settings", error = %e, "the settings backup could not be restored");
        return None;
    }
    tracing::warn!(target: "settings", backup = %backup.display(), "the settings file was missing or damaged; restored from the backup");
    Some(match kept {
        Some(kept) => format!(
            "Your settings file was damaged (a save was cut short), so Strata restored your last saved settings from {}. The damaged file was kept as {}.",
            backup.display(),
            kept.display()
        ),
        None => format!(
            "Your settings file was missing, so Strata restored your last saved settings from {}.",
            backup.display()
        ),
    })
}

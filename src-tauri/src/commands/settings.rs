//! Settings commands: read them, and change them (validated, saved at once, applied live).

use serde::Serialize;
use strata_core::Settings;
use tauri::{AppHandle, Emitter, Runtime, State};
use ts_rs::TS;

use crate::commands::models::spawn_refresh;
use crate::error::IpcError;
use crate::events::{AppEvent, APP_EVENT};
use crate::settings_store::SettingsSnapshot;
use crate::state::Domain;

/// The settings in force, with any notice about how they were loaded.
#[tauri::command]
pub(crate) async fn get_settings<R: Runtime>(
    // Names the runtime the managed `Domain<R>` belongs to.
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
) -> Result<SettingsSnapshot, IpcError> {
    Ok(domain.settings.snapshot(domain.catalog.settings().await))
}

/// Validates, saves and applies `settings`. Invalid settings change nothing and say which field
/// is wrong. A change that affects the model list refreshes it in the background and broadcasts
/// the result; no restart is ever needed.
#[tauri::command]
pub(crate) async fn update_settings<R: Runtime>(
    app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    settings: Settings,
) -> Result<SettingsSnapshot, IpcError> {
    // Saved before applied: a save that fails (a full disk) changes nothing, on disk or live.
    let _order = domain.settings.lock_updates().await;
    let settings = settings.normalized();
    settings.validate()?;
    domain.settings.save(&settings)?;
    let change = domain.catalog.set_settings(settings).await?;
    let now = domain.catalog.settings().await;
    tracing::info!(target: "settings", region = ?now.region, profile = ?now.aws_profile, inference_profiles = now.enable_inference_profiles, "settings saved");
    let snapshot = domain.settings.snapshot(now);
    let _ = app.emit(
        APP_EVENT,
        AppEvent::Settings {
            snapshot: snapshot.clone(),
        },
    );
    if change.needs_refresh {
        spawn_refresh(&app, domain.catalog.clone());
    } else if change.inference_profiles {
        let (list, _) = domain.catalog.cached().await;
        let _ = app.emit(APP_EVENT, AppEvent::Catalog { list });
    }
    Ok(snapshot)
}

/// Choices for the AWS Settings form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AwsOptions {
    /// Profile names from the AWS config and credentials files.
    pub profiles: Vec<String>,
    /// Regions where Bedrock runs.
    pub regions: Vec<String>,
}

/// The profiles in the user's AWS files (read now, so newly added ones appear) and the regions.
/// The files are read on a blocking-pool thread: an `async` command runs off the UI thread, and
/// a slow home folder (a network mount) must not stall the async workers either.
#[tauri::command]
pub(crate) async fn aws_options() -> Result<AwsOptions, IpcError> {
    let profiles = tauri::async_runtime::spawn_blocking(strata_core::aws::profile_names)
        .await
        .map_err(|e| IpcError::internal(format!("reading the AWS config files failed: {e}")))?;
    Ok(AwsOptions {
        profiles,
        regions: strata_core::aws::BEDROCK_REGIONS
            .iter()
            .map(|r| (*r).to_owned())
            .collect(),
    })
}

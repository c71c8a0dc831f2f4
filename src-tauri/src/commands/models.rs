//! Model list commands: answer from memory or the disk cache at once, refresh from Bedrock in the
//! background, broadcast each new state as `AppEvent::Catalog`.

use std::sync::Arc;

use strata_core::{CatalogService, ModelList};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::error::IpcError;
use crate::events::{AppEvent, APP_EVENT};
use crate::state::Domain;

/// The model list. With `refresh` false it answers from memory or the disk cache (marked stale)
/// and refreshes in the background; with nothing cached, or with `refresh`, it loads first.
#[tauri::command]
pub(crate) async fn list_models<R: Runtime>(
    app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    refresh: bool,
) -> Result<ModelList, IpcError> {
    if refresh {
        return Ok(refresh_now(&app, &domain.catalog).await);
    }
    let (list, needs_refresh) = domain.catalog.cached().await;
    if list.catalog.is_none() {
        return Ok(refresh_now(&app, &domain.catalog).await);
    }
    if needs_refresh {
        spawn_refresh(&app, domain.catalog.clone());
    }
    Ok(list)
}

/// Loads the model list from Bedrock now (with a fresh connection, so renewed credentials apply).
#[tauri::command]
pub(crate) async fn refresh_models<R: Runtime>(
    app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
) -> Result<ModelList, IpcError> {
    Ok(refresh_now(&app, &domain.catalog).await)
}

/// Refreshes, broadcasts the result, and fetches the tags in the background.
async fn refresh_now<R: Runtime>(app: &AppHandle<R>, catalog: &Arc<CatalogService>) -> ModelList {
    let list = catalog.refresh().await;
    let _ = app.emit(APP_EVENT, AppEvent::Catalog { list: list.clone() });
    spawn_tags(app, catalog.clone());
    list
}

/// Refreshes in the background; each new state is broadcast.
pub(crate) fn spawn_refresh<R: Runtime>(app: &AppHandle<R>, catalog: Arc<CatalogService>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        refresh_now(&app, &catalog).await;
    });
}

fn spawn_tags<R: Runtime>(app: &AppHandle<R>, catalog: Arc<CatalogService>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Some(list) = catalog.load_tags().await {
            let _ = app.emit(APP_EVENT, AppEvent::Catalog { list });
        }
    });
}

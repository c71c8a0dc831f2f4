//! App-level commands: About facts, the console's log replay, developer tools.

use tauri::{AppHandle, Manager, Runtime, State};

use crate::error::IpcError;
use crate::events::{AppInfo, LogLine};
use crate::state::{AppState, Domain};

/// Facts for the About dialog and the status bar, a broken price file for Settings to report,
/// and the storage notice.
#[tauri::command]
pub(crate) fn app_info<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppInfo {
    let mut info = state.info.clone();
    // The data folder is opened in setup, after the start-up facts were collected.
    if let Some(domain) = app.try_state::<Domain<R>>() {
        info.prices_problem = domain.prices_problem.clone();
        info.storage_notice = domain
            .chat
            .ledger()
            .database()
            .ok()
            .and_then(|db| db.status().notice);
    }
    // The file changes at midnight UTC while the app runs.
    info.log_file = crate::logging::current_file_in(std::path::Path::new(&info.log_dir))
        .display()
        .to_string();
    info
}

/// The recent log lines, oldest first, for the console to replay after the webview loads.
#[tauri::command]
pub(crate) fn recent_logs(state: State<'_, AppState>) -> Vec<LogLine> {
    state.logs.recent()
}

/// Opens the web inspector of the main window (F12 and View → Developer Tools do the same).
#[tauri::command]
pub(crate) fn open_devtools<R: Runtime>(app: AppHandle<R>) -> Result<(), IpcError> {
    if show_devtools(&app) {
        Ok(())
    } else {
        Err(IpcError::internal("the main window is not open"))
    }
}

/// Opens the inspector if the main window exists; says whether it did.
pub(crate) fn show_devtools<R: Runtime>(app: &AppHandle<R>) -> bool {
    match crate::menu::main_window(app) {
        Some(window) => {
            window.open_devtools();
            tracing::info!(target: "app", "developer tools opened");
            true
        }
        None => false,
    }
}

//! The Strata desktop shell: builds the Tauri app and wires the `strata-core` domain to the window.
//! Commands live in `commands/`, one module per domain; this file only assembles the parts.

pub mod bindings;
mod commands;
pub mod error;
pub mod events;
pub mod logging;
mod menu;
pub mod state;
#[cfg(test)]
mod tests;

use std::process::ExitCode;

use strata_core::RunMode;
use tauri::{Context, Manager, Runtime};

use crate::logging::Logging;
use crate::state::AppState;

/// The bundle identifier; the log, data and config directories are named after it.
pub const IDENTIFIER: &str = "io.strata.desktop";

/// The app's Tauri context (config, embedded `ui/dist`, icons, capabilities) for any runtime,
/// so that tests can build the real app on the mock runtime.
pub fn context<R: Runtime>() -> Context<R> {
    tauri::generate_context!()
}

/// Registers plugins, state, commands, the menu and start-up work on a builder.
/// `run` passes the real runtime; tests pass `tauri::test::mock_builder()`.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .manage(state)
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::recent_logs,
            commands::app::open_devtools,
        ])
        .setup(|app| {
            let state = app.state::<AppState>();
            state.logs.forward_to(app.handle().clone());
            tracing::info!(
                target: "app",
                version = %state.info.version,
                profile = %state.info.build_profile,
                demo = state.info.demo_mode,
                log_dir = %state.info.log_dir,
                "Strata started"
            );
            Ok(())
        })
}

/// Starts the desktop app; returns the process exit code.
pub fn run() -> ExitCode {
    let mode = RunMode::from_switches(
        std::env::args().skip(1),
        std::env::var("STRATA_DEMO").ok().as_deref(),
    );
    let log_dir = logging::default_log_dir();
    let logging = match Logging::init(&log_dir) {
        Ok(logging) => logging,
        Err(e) => {
            // Logging is not up yet, so this is the one place that writes to stderr directly.
            eprintln!("strata: {e}");
            return ExitCode::FAILURE;
        }
    };
    let state = AppState::new(mode, logging.dir(), logging.hub());
    let app = match configure(tauri::Builder::default(), state).build(context()) {
        Ok(app) => app,
        Err(e) => {
            tracing::error!(target: "app", error = %e, "the window could not be started");
            drop(logging);
            eprintln!("strata: the window could not be started: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The event loop may end the process itself, so the log file is flushed on the Exit event.
    let mut logging = Some(logging);
    app.run(move |_app, event| {
        if let tauri::RunEvent::Exit = event {
            tracing::info!(target: "app", "Strata stopped");
            drop(logging.take());
        }
    });
    ExitCode::SUCCESS
}

//! The Strata desktop shell: builds the Tauri app and wires the `strata-core` domain to the window.
//! Commands live in `commands/`, one module per domain; this file only assembles the parts.

#[cfg(test)]
mod bindings;
mod commands;
mod error;
mod events;
mod launch;
mod logging;
mod menu;
mod settings_store;
mod state;
#[cfg(test)]
mod tests;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use strata_core::conversations::ConversationStore;
use strata_core::costs::{BilledCache, Costs, BILLED_CACHE_FILE};
use strata_core::data_folder::{chat_service_on, open_database, DEMO_STATE_FILE};
use strata_core::ledger::UsageLedger;
use strata_core::{CatalogService, DemoBedrock, RunMode};
use strata_demo::EmbeddedDemo;
use tauri::{Context, Manager, Runtime};

use crate::logging::Logging;
use crate::settings_store::SettingsStore;
use crate::state::{AppState, Domain};

/// The bundle identifier; the log, data and config directories are named after it.
pub const IDENTIFIER: &str = strata_core::data_folder::APP_IDENTIFIER;

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
        .invoke_handler(commands::handler())
        .setup(|app| {
            let state = app.state::<AppState>();
            launch::open_main_window(app.handle(), state.data_dir.as_deref())?;
            state.logs.forward_to(app.handle().clone());
            let domain = open_domain(app.handle(), &state)?;
            app.manage(domain);
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

/// Opens the settings and builds the catalog service in the app's data folder.
fn open_domain<R: Runtime>(
    app: &tauri::AppHandle<R>,
    state: &AppState,
) -> Result<Domain<R>, Box<dyn std::error::Error>> {
    let dir = match &state.data_dir {
        Some(dir) => dir.clone(),
        None => app.path().app_data_dir()?,
    };
    std::fs::create_dir_all(&dir)?;
    let (settings, initial) = SettingsStore::open(app, &dir)?;
    let db = Arc::new(open_database(&dir)?);
    let catalog = CatalogService::new(
        state.mode,
        initial,
        Some(dir.join("cache")),
        match &state.demo_endpoint {
            Some(endpoint) => DemoBedrock::external(endpoint.clone()),
            // What the user creates in demo mode survives restarts.
            None => EmbeddedDemo::new(Some(dir.join(DEMO_STATE_FILE))).into_bedrock(),
        },
    );
    let catalog = Arc::new(catalog);
    let ledger = UsageLedger::with_database(db.clone());
    let costs = Costs::new(
        catalog.clone(),
        ledger.clone(),
        Arc::new(BilledCache::on_disk(
            dir.join("cache").join(BILLED_CACHE_FILE),
        )),
    );
    let (chat, prices_problem) = chat_service_on(&dir, ledger);
    Ok(Domain {
        settings,
        catalog,
        chat: Arc::new(chat),
        conversations: ConversationStore::new(db),
        prices_problem,
        costs: Arc::new(costs),
        data_dir: dir,
    })
}

/// How long quitting waits for running turns to record their partial answers.
const QUIT_WAIT: Duration = Duration::from_secs(5);

/// At quit: cancels the running turns and waits (at most `QUIT_WAIT`) until each has recorded
/// its partial turn in the ledger and its conversation.
pub fn finish_turns<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(domain) = app.try_state::<Domain<R>>() {
        let chat = domain.chat.clone();
        if chat.running_count() > 0 {
            tauri::async_runtime::block_on(chat.shutdown(QUIT_WAIT));
        }
    }
}

/// Starts the desktop app, or runs a headless subcommand (`strata models …`); returns the
/// process exit code.
pub fn run() -> ExitCode {
    if let Some(code) = launch::run_if_headless() {
        return code;
    }
    if let Some(why) = launch::missing_display() {
        eprintln!("{why}");
        return ExitCode::FAILURE;
    }
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
    // STRATA_DATA_DIR moves the window's data folder as it moves the headless commands'.
    let state = AppState::new(mode, logging.dir(), logging.hub())
        .with_environment(|name| std::env::var_os(name));
    // The single-instance plugin comes first, before any other plugin or the setup opens
    // anything: a second launch hands over to the first window and exits 0. It is registered
    // here and not in `configure`, because the tests build several apps in one process (a second
    // one would end the test run). The headless subcommands returned above and never reach it.
    let builder =
        tauri::Builder::default().plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tracing::info!(target: "app", "a second launch was handed over to this window");
            if let Some(window) = crate::menu::main_window(app) {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }));
    let app = match configure(builder, state).build(context()) {
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
    app.run(move |app, event| {
        if let tauri::RunEvent::Exit = event {
            finish_turns(app);
            tracing::info!(target: "app", "Strata stopped");
            drop(logging.take());
        }
    });
    ExitCode::SUCCESS
}

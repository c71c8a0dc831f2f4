//! The app's data folder and what the window and the headless commands open in it: where it is
//! (`STRATA_DATA_DIR` moves it for both), the database, and the chat service with the ledger and
//! the user's prices. One implementation, so the window and `strata chat` always meet in the
//! same `strata.db`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::chat::ChatService;
use crate::error::{Error, Result};
use crate::ledger::UsageLedger;
use crate::pricing::PriceTable;
use crate::storage::{Database, DATABASE_FILE};

/// The bundle identifier: the data and log folders are named after it.
pub const APP_IDENTIFIER: &str = "io.strata.desktop";

/// The variable that moves the data folder (settings, `strata.db`, the catalog cache, the demo's
/// state), for the window and the headless commands alike.
pub const DATA_DIR_VAR: &str = "STRATA_DATA_DIR";

/// The demo's saved state (the profiles made in demo mode) in the data folder.
pub const DEMO_STATE_FILE: &str = "demo-bedrock.json";

/// The folder [`DATA_DIR_VAR`] names, if it is set; `var` reads a variable (`std::env::var_os`,
/// or a test's own environment).
pub fn dir_override(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    var(DATA_DIR_VAR).map(PathBuf::from)
}

/// The data folder: [`DATA_DIR_VAR`] when set, else [`default_data_dir`].
pub fn data_dir() -> PathBuf {
    dir_override(|name| std::env::var_os(name)).unwrap_or_else(default_data_dir)
}

/// The platform's data folder named after [`APP_IDENTIFIER`]
/// (`~/.local/share/io.strata.desktop` on Linux): the one Tauri gives the window.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(APP_IDENTIFIER)
}

/// The database of the data folder (importing the files of earlier versions once). One that
/// cannot be opened at all is replaced by one in memory, and the notice says nothing is saved.
pub fn open_database(dir: &Path) -> Result<Database> {
    let path = dir.join(DATABASE_FILE);
    let e = match Database::open_in(dir) {
        Ok(db) => return Ok(db),
        Err(e) => e,
    };
    tracing::error!(target: "storage", error = %e, "the database could not be opened; nothing will be saved");
    let reason = format!(
        "{} {} Conversations and usage of this session are not saved.",
        e.message(),
        e.hint().unwrap_or("")
    );
    Database::temporary(&path, reason)
}

/// The chat service over the data folder: the ledger in `strata.db` (the files of earlier
/// versions imported once), the cached AWS Price List (`cache/price-list.json`, if fetched) and
/// `prices.json` (the user's price overrides, if any). A broken file or cache is not used at
/// all (the built-in prices are) and the problem is returned for the user to see.
pub fn chat_service(dir: &Path) -> (ChatService, Option<Error>) {
    let ledger = match Database::open_in(dir) {
        Ok(db) => UsageLedger::with_database(Arc::new(db)),
        Err(e) => {
            // Tried again when the turn is recorded, where the error reaches the user.
            tracing::warn!(target: "storage", error = %e, "the database could not be opened");
            UsageLedger::new(dir.join(DATABASE_FILE))
        }
    };
    chat_service_on(dir, ledger)
}

/// The chat service with `ledger` and the prices of the data folder `dir` (see [`chat_service`]).
pub fn chat_service_on(dir: &Path, ledger: UsageLedger) -> (ChatService, Option<Error>) {
    let load = PriceTable::load_dir(dir);
    if let Some(problem) = &load.problem {
        tracing::warn!(target: "chat", error = %problem, "the price file is not used; built-in prices apply");
    }
    if let Some(problem) = &load.price_list_problem {
        tracing::warn!(target: "chat", error = %problem, "the Price List cache is not used");
    }
    // The user's file is the one they can fix; else the cache's problem.
    let problem = load.problem.or(load.price_list_problem);
    (ChatService::new(load.table, ledger), problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_moves_the_folder_and_nothing_else_does() {
        let moved = dir_override(|name| (name == "STRATA_DATA_DIR").then(|| "/srv/strata".into()));
        assert_eq!(moved, Some(PathBuf::from("/srv/strata")));
        assert_eq!(dir_override(|_| None), None);
    }
}

//! The baseline of `scripts/bench ui`: a Tauri window showing one static page with the same
//! Tauri features as Strata, and nothing else (no plugins, commands, state or menu). Start
//! memory and start time of Strata are compared with this window's, measured in the same run.
#![allow(clippy::expect_used)] // an example binary: a window that cannot start is the end of it

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!(
            "src-tauri/examples/minimal_window/tauri.conf.json"
        ))
        .expect("the minimal window could not start");
}

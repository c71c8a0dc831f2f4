//! Thin `#[tauri::command]` functions, one module per domain. They call the core and map errors
//! to `IpcError`; no domain logic lives here.

pub mod app;
pub mod chat;
pub mod models;
pub mod settings;

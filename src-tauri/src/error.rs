//! The one error type that crosses IPC: the core's `{ kind, message, hint }` error, exported to
//! TypeScript as `IpcError`. The UI switches on `kind`, never on `message`.

pub(crate) use strata_core::Error as IpcError;
#[cfg(test)]
pub(crate) use strata_core::ErrorKind as IpcErrorKind;

/// A fault of the window system or Tauri, as an internal error.
pub(crate) fn from_tauri(e: tauri::Error) -> IpcError {
    IpcError::internal(e.to_string())
}

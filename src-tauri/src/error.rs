//! The one error type that crosses IPC. The UI switches on `kind`, never on `message`.

use serde::Serialize;
use ts_rs::TS;

/// The closed set of error kinds the UI knows how to present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum IpcErrorKind {
    /// No AWS credentials could be resolved.
    NoCredentials,
    /// Credentials resolved but are expired (e.g. an SSO token).
    ExpiredCredentials,
    /// The identity lacks an IAM permission.
    AccessDenied,
    /// The resource or model exists in another region, or Bedrock is not offered in this one.
    RegionMismatch,
    /// Bedrock asked us to slow down.
    Throttled,
    /// The network or endpoint could not be reached.
    Network,
    /// The named thing does not exist.
    NotFound,
    /// The input was rejected before or by AWS.
    Validation,
    /// The change clashes with existing state (e.g. a duplicate name).
    Conflict,
    /// A fault inside Strata or the window system.
    Internal,
}

/// An error as the UI receives it: what happened and what the user can do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// Which kind of error, for the UI to choose its presentation.
    pub kind: IpcErrorKind,
    /// One sentence saying what went wrong.
    pub message: String,
    /// What the user can do next, when there is something.
    pub hint: Option<String>,
}

impl IpcError {
    /// A fault inside Strata or the window system.
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            kind: IpcErrorKind::Internal,
            message: message.into(),
            hint: None,
        }
    }
}

impl From<tauri::Error> for IpcError {
    fn from(e: tauri::Error) -> Self {
        Self::internal(e.to_string())
    }
}

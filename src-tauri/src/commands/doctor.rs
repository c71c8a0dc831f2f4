//! The doctor: the troubleshooting checks, streamed to the window as each one finishes.

use std::sync::Arc;

use strata_core::doctor::{Doctor, DoctorEvent, DoctorReport, DoctorRequest};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::error::IpcError;
use crate::state::Domain;

/// Runs the checks `request` selects; each one's outcome is sent on `on_event` as it finishes,
/// and the whole report is the answer. Fails only on an identifier AWS would refuse.
#[tauri::command]
pub(crate) async fn run_doctor<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    request: DoctorRequest,
    on_event: Channel<DoctorEvent>,
) -> Result<DoctorReport, IpcError> {
    let doctor = Doctor::new(Arc::clone(&domain.catalog), Arc::clone(&domain.costs));
    doctor
        .run(&request, move |event| {
            // A closed window drops the channel; the checks still finish.
            let _ = on_event.send(event);
        })
        .await
}

//! Costs commands: the report (estimate from the ledger, bill from Cost Explorer), its CSV
//! export, the identity, tag activation, alerts and the Price List refresh.

use std::path::PathBuf;

use strata_core::costs::{
    Alert, BillingAlarmDraft, BudgetDraft, CallerIdentity, CostQuery, CostReport, TagActivation,
};
use strata_core::pricing::PriceListRefresh;
use tauri::{AppHandle, Runtime, State};

use crate::commands::chat::blocking;
use crate::error::IpcError;
use crate::state::Domain;

/// The estimate of a period and, when asked, Cost Explorer's bill beside it.
#[tauri::command]
pub(crate) async fn costs_report<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    query: CostQuery,
) -> Result<CostReport, IpcError> {
    domain
        .costs
        .report(&query, strata_core::clock::now_ms())
        .await
}

/// Where a CSV export went.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CsvExport {
    /// The file written.
    pub path: String,
    /// Its lines after the header (one per group).
    pub rows: u32,
}

/// Writes the estimate's table as CSV to the Downloads folder (the data folder's `exports/`
/// when there is none), named for its period and grouping.
#[tauri::command]
pub(crate) async fn export_costs_csv<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    query: CostQuery,
) -> Result<CsvExport, IpcError> {
    let (period, grouping) = query.parts()?;
    let estimate = domain
        .costs
        .estimate(period, &grouping, strata_core::clock::now_ms())?;
    let folder = dirs::download_dir().unwrap_or_else(|| domain.data_dir.join("exports"));
    blocking(move || {
        let by = estimate
            .by
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-");
        let path: PathBuf = folder.join(format!(
            "strata-costs-{}-{}-{by}.csv",
            estimate.from.0, estimate.to.0
        ));
        let written = std::fs::create_dir_all(&folder)
            .and_then(|()| std::fs::write(&path, estimate.to_csv()));
        written.map_err(|e| {
            strata_core::Error::internal(format!(
                "The CSV could not be written to {}: {e}",
                path.display()
            ))
            .with_hint("Check that the folder exists and can be written to.")
        })?;
        Ok(CsvExport {
            path: path.display().to_string(),
            rows: u32::try_from(estimate.groups.len()).unwrap_or(u32::MAX),
        })
    })
    .await
}

/// Who the figures belong to (STS GetCallerIdentity).
#[tauri::command]
pub(crate) async fn costs_identity<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
) -> Result<CallerIdentity, IpcError> {
    domain.costs.identity().await
}

/// The cost allocation status of the tag keys on the region's profiles.
#[tauri::command]
pub(crate) async fn cost_tags<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
) -> Result<Vec<TagActivation>, IpcError> {
    domain.costs.tag_activation().await
}

/// Activates tag keys for cost allocation; answers their statuses after.
#[tauri::command]
pub(crate) async fn activate_cost_tags<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    keys: Vec<String>,
) -> Result<Vec<TagActivation>, IpcError> {
    domain.costs.activate_tags(&keys).await
}

/// The budgets and billing alarms Strata made.
#[tauri::command]
pub(crate) async fn list_alerts<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
) -> Result<Vec<Alert>, IpcError> {
    domain.costs.alerts().await
}

/// Creates a budget (for one tag value, or all Bedrock spend).
#[tauri::command]
pub(crate) async fn create_budget<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    draft: BudgetDraft,
) -> Result<Alert, IpcError> {
    domain.costs.create_budget(&draft).await
}

/// Creates the CloudWatch billing alarm (all of the account's Bedrock spend).
#[tauri::command]
pub(crate) async fn create_billing_alarm<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    draft: BillingAlarmDraft,
) -> Result<Alert, IpcError> {
    domain.costs.create_billing_alarm(&draft).await
}

/// Deletes an alert Strata made, by name; answers it as it was.
#[tauri::command]
pub(crate) async fn delete_alert<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    name: String,
) -> Result<Alert, IpcError> {
    domain.costs.delete_alert(&name).await
}

/// Fetches the region's Bedrock prices from the Price List and uses them from now on.
#[tauri::command]
pub(crate) async fn refresh_prices<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
) -> Result<PriceListRefresh, IpcError> {
    let session = domain.catalog.session().await?;
    let refresh = strata_core::pricing::refresh_price_list(&session, &domain.data_dir).await?;
    // The next turn is priced with the new list; turns running keep the table they started with.
    if let Some(problem) = domain.chat.reload_prices(&domain.data_dir) {
        tracing::warn!(target: "chat", error = %problem, "a price file is not used after the refresh");
    }
    Ok(refresh)
}

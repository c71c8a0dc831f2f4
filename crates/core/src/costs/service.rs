//! The Costs service: the estimate from the ledger, the bill from Cost Explorer (cached), tag
//! activation, alerts and the identity, through the connection a [`CatalogService`] holds.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use ts_rs::TS;

use super::activation::TagActivation;
use super::alerts::{Alert, BillingAlarmDraft, BudgetDraft};
use super::billed::{Billed, BilledSide};
use super::estimate::{Estimate, Grouping};
use super::identity::CallerIdentity;
use super::period::Period;
use super::query::CostQuery;
use crate::error::{Error, Result};
use crate::ledger::UsageLedger;
use crate::service::CatalogService;

/// The name of the billed-answers cache file in the data folder's `cache/`.
pub const BILLED_CACHE_FILE: &str = "billed-costs.json";

/// Cost Explorer's answers, per (account, period, tag key): in memory, and on disk when given a
/// path, so that the window and `strata costs` share them and a restart asks nothing again.
// The billed side that reads these is built next.
#[allow(dead_code)]
pub struct BilledCache {
    path: Option<PathBuf>,
    entries: Mutex<HashMap<String, Billed>>,
}

impl BilledCache {
    /// A cache that lives as long as the process (tests).
    pub fn in_memory() -> Self {
        Self {
            path: None,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// A cache kept in `path` (read at once; a missing or unreadable file is an empty cache).
    pub fn on_disk(path: PathBuf) -> Self {
        Self {
            path: Some(path),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

/// The Costs screen's answer: the estimate (its groups' `billed_usd` filled in when the bill
/// was asked for and is grouped by the same tag key) and the billed side.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostReport {
    /// The ledger's estimate.
    pub estimate: Estimate,
    /// Cost Explorer's side, or why it is missing.
    pub billed: BilledSide,
}

/// Costs through `catalog`'s connection, from `ledger`.
pub struct Costs {
    catalog: Arc<CatalogService>,
    ledger: UsageLedger,
    cache: Arc<BilledCache>,
}

impl Costs {
    /// Costs of the connection `catalog` holds, estimated from `ledger`; bills are kept in `cache`.
    pub fn new(catalog: Arc<CatalogService>, ledger: UsageLedger, cache: Arc<BilledCache>) -> Self {
        Self {
            catalog,
            ledger,
            cache,
        }
    }

    /// The ledger's estimate of `period` (resolved at `now_ms`) grouped by `grouping`.
    pub fn estimate(&self, period: Period, grouping: &Grouping, now_ms: u64) -> Result<Estimate> {
        Estimate::from_ledger(&self.ledger, period, grouping, now_ms)
    }

    /// Cost Explorer's bill of `period` grouped by `tag_key` (and service), from the cache
    /// unless `refresh` or not yet asked.
    pub async fn billed(
        &self,
        period: Period,
        tag_key: &str,
        refresh: bool,
        now_ms: u64,
    ) -> Result<Billed> {
        let _ = (&self.catalog, &self.cache, period, tag_key, refresh, now_ms);
        Err(Error::internal("The billed side is not built yet."))
    }

    /// The estimate and, when `query.source` asks for it, the bill beside it.
    pub async fn report(&self, query: &CostQuery, now_ms: u64) -> Result<CostReport> {
        let (period, grouping) = query.parts()?;
        let estimate = self.estimate(period, &grouping, now_ms)?;
        Ok(CostReport {
            estimate,
            billed: BilledSide::NotAsked,
        })
    }

    /// Who the connection acts as (STS GetCallerIdentity).
    pub async fn identity(&self) -> Result<CallerIdentity> {
        let session = self.catalog.session().await?;
        super::identity::caller_identity(&session).await
    }

    /// The cost allocation status of every tag key on the region's application profiles.
    pub async fn tag_activation(&self) -> Result<Vec<TagActivation>> {
        Err(Error::internal("Tag activation is not built yet."))
    }

    /// Activates `keys` as cost allocation tags (in calls of at most 20), then their statuses.
    pub async fn activate_tags(&self, keys: &[String]) -> Result<Vec<TagActivation>> {
        let _ = keys;
        Err(Error::internal("Tag activation is not built yet."))
    }

    /// The budgets and billing alarms Strata made.
    pub async fn alerts(&self) -> Result<Vec<Alert>> {
        let session = self.catalog.session().await?;
        super::alerts::list(&session).await
    }

    /// Creates a budget (checked before any call, as AWS checks it).
    pub async fn create_budget(&self, draft: &BudgetDraft) -> Result<Alert> {
        super::alerts::check_budget(draft)?;
        let session = self.catalog.session().await?;
        super::alerts::create_budget(&session, draft).await
    }

    /// Creates the CloudWatch billing alarm (us-east-1, all of the account's Bedrock spend).
    pub async fn create_billing_alarm(&self, draft: &BillingAlarmDraft) -> Result<Alert> {
        super::alerts::check_billing_alarm(draft)?;
        let session = self.catalog.session().await?;
        super::alerts::create_billing_alarm(&session, draft).await
    }

    /// Deletes the alert Strata made named `name`; says which kind it was.
    pub async fn delete_alert(&self, name: &str) -> Result<Alert> {
        let session = self.catalog.session().await?;
        super::alerts::delete(&session, name).await
    }
}

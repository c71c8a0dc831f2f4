//! The Costs service: the estimate from the ledger, the bill from Cost Explorer (cached), tag
//! activation, alerts and the identity, through the connection a [`CatalogService`] holds.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::activation::{ActivationStatus, TagActivation, MAX_KEYS_PER_ACTIVATION};
use super::alerts::{Alert, BillingAlarmDraft, BudgetDraft};
use super::billed::{Billed, BilledGap, BilledSide};
use super::ce_calls::{self, CeFailure};
use super::estimate::{Estimate, Grouping};
use super::identity::CallerIdentity;
use super::period::Period;
use super::query::CostQuery;
use crate::error::{Error, ErrorKind, Result};
use crate::ledger::UsageLedger;
use crate::service::CatalogService;

/// The name of the billed-answers cache file in the data folder's `cache/`.
pub const BILLED_CACHE_FILE: &str = "billed-costs.json";

/// Cost Explorer's answers, per (account, period, tag key): in memory, and on disk when given a
/// path, so that the window and `strata costs` share them and a restart asks nothing again.
/// Filled only when the user asks for the bill; never polled.
pub struct BilledCache {
    path: Option<PathBuf>,
    /// Read from `path` on first use, not at start-up: most runs never ask for the bill.
    entries: std::sync::OnceLock<Mutex<HashMap<String, Billed>>>,
}

/// The cache file's contents.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    /// The answers, as they were fetched.
    answers: Vec<Billed>,
}

fn cache_key(account: &str, from: &str, to: &str, tag_key: &str) -> String {
    // Tag keys cannot hold control characters, so the separator cannot collide.
    format!("{account}\u{1f}{from}\u{1f}{to}\u{1f}{tag_key}")
}

fn key_of(billed: &Billed) -> String {
    cache_key(
        &billed.account,
        &billed.from.0,
        &billed.to.0,
        &billed.tag_key,
    )
}

impl BilledCache {
    /// A cache that lives as long as the process (tests).
    pub fn in_memory() -> Self {
        Self {
            path: None,
            entries: std::sync::OnceLock::from(Mutex::new(HashMap::new())),
        }
    }

    /// A cache kept in `path`, read when first needed (a missing, unreadable or corrupt file is
    /// an empty cache: the next answer replaces it).
    pub fn on_disk(path: PathBuf) -> Self {
        Self {
            path: Some(path),
            entries: std::sync::OnceLock::new(),
        }
    }

    fn load(path: Option<&PathBuf>) -> HashMap<String, Billed> {
        path.and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .map(|file| {
                file.answers
                    .into_iter()
                    .map(|b| (key_of(&b), b))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default()
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Billed>> {
        self.entries
            .get_or_init(|| Mutex::new(Self::load(self.path.as_ref())))
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cached answer for (account, period, tag key), marked as served from the cache.
    fn get(&self, account: &str, from: &str, to: &str, tag_key: &str) -> Option<Billed> {
        self.entries()
            .get(&cache_key(account, from, to, tag_key))
            .cloned()
            .map(|b| Billed {
                from_cache: true,
                ..b
            })
    }

    /// Keeps `billed`, and writes the file (temp file and rename) when there is one, under the
    /// lock so that an older answer's write cannot land after a newer one's. A failed write loses
    /// only the saving of $0.01 next time: it is logged, not an error.
    fn put(&self, billed: &Billed) {
        let mut entries = self.entries();
        entries.insert(key_of(billed), billed.clone());
        let Some(path) = &self.path else {
            return;
        };
        let mut answers: Vec<Billed> = entries.values().cloned().collect();
        answers.sort_by_key(key_of);
        let written = serde_json::to_vec_pretty(&CacheFile { answers })
            .map_err(std::io::Error::other)
            .and_then(|bytes| {
                if let Some(folder) = path.parent() {
                    std::fs::create_dir_all(folder)?;
                }
                crate::durable::write(path, &bytes)
            });
        if let Err(e) = written {
            tracing::warn!(target: "costs", error = %e, path = %path.display(), "the billed-costs cache could not be written");
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
        self.fetch_billed(period, tag_key, refresh, now_ms)
            .await
            .map_err(|f| f.error)
    }

    async fn fetch_billed(
        &self,
        period: Period,
        tag_key: &str,
        refresh: bool,
        now_ms: u64,
    ) -> std::result::Result<Billed, CeFailure> {
        let invalid = |error: Error| CeFailure {
            gap: BilledGap::Failed,
            error,
        };
        if let Some(problem) = crate::profiles::check_tag_key(tag_key, 0) {
            return Err(invalid(
                Error::validation(format!(
                    "The bill cannot be grouped by “{tag_key}”: {}",
                    problem.message
                ))
                .with_hint("Give the tag key as it is on your profiles, as in tag:Project."),
            ));
        }
        let session = self.catalog.session().await.map_err(invalid)?;
        let account = ce_calls::account(&session).await?;
        let range = period.range(now_ms);
        let (from, to) = (range.from.to_string(), range.to.to_string());
        if !refresh {
            if let Some(cached) = self.cache.get(&account, &from, &to, tag_key) {
                return Ok(cached);
            }
        }
        let rows = ce_calls::cost_and_usage(&session, range, tag_key).await?;
        let (groups, total_usd) = super::billed::summarise(&rows.rows);
        let billed = Billed {
            from: range.from.into(),
            to: range.to.into(),
            tag_key: tag_key.to_owned(),
            account,
            groups,
            total_usd,
            estimated_by_aws: rows.estimated,
            fetched_ms: crate::clock::now_ms(),
            from_cache: false,
            requests: rows.requests,
        };
        self.cache.put(&billed);
        Ok(billed)
    }

    /// The estimate and, when `query.source` asks for it, the bill beside it. A missing bill
    /// never loses the estimate: the billed side says why it is missing.
    pub async fn report(&self, query: &CostQuery, now_ms: u64) -> Result<CostReport> {
        let (period, grouping) = query.parts()?;
        let mut estimate = self.estimate(period, &grouping, now_ms)?;
        if !query.source.wants_billed() {
            return Ok(CostReport {
                estimate,
                billed: BilledSide::NotAsked,
            });
        }
        let Grouping::Tag(tag_key) = &grouping else {
            return Ok(CostReport {
                estimate,
                billed: BilledSide::Unavailable {
                    gap: BilledGap::NotByTag,
                    error: Error::validation(format!(
                        "The bill is grouped by tag keys only, not by {grouping}: Cost Explorer \
                         knows the profiles' tags, not the profiles or models themselves."
                    ))
                    .with_hint(
                        "Group by a tag key (tag:Project) to see the bill beside the estimate.",
                    ),
                },
            });
        };
        let billed = match self
            .fetch_billed(period, tag_key, query.refresh, now_ms)
            .await
        {
            Ok(billed) => {
                super::billed::merge_into(&mut estimate, &billed);
                BilledSide::Available { billed }
            }
            Err(CeFailure { gap, error }) => BilledSide::Unavailable { gap, error },
        };
        Ok(CostReport { estimate, billed })
    }

    /// Who the connection acts as (STS GetCallerIdentity).
    pub async fn identity(&self) -> Result<CallerIdentity> {
        let session = self.catalog.session().await?;
        super::identity::caller_identity(&session).await
    }

    /// The cost allocation status of every tag key on the region's application profiles.
    pub async fn tag_activation(&self) -> Result<Vec<TagActivation>> {
        let counts = self.profile_tag_keys().await?;
        self.statuses(counts).await
    }

    /// Activates `keys` as cost allocation tags (in calls of at most 20), then the statuses of
    /// the region's profiles' tag keys and of `keys`. Keys are checked as AWS checks tag keys
    /// before any call; keys AWS refuses (not yet seen by billing …) make the answer an error
    /// naming each of them and what was activated.
    pub async fn activate_tags(&self, keys: &[String]) -> Result<Vec<TagActivation>> {
        let keys = checked_keys(keys)?;
        let session = self.catalog.session().await?;
        let mut refused = Vec::new();
        for chunk in keys.chunks(MAX_KEYS_PER_ACTIVATION) {
            refused.extend(
                ce_calls::activate(&session, chunk)
                    .await
                    .map_err(|f| f.error)?,
            );
        }
        if !refused.is_empty() {
            return Err(refusal_error(&keys, &refused));
        }
        let mut counts = self.profile_tag_keys().await?;
        for key in keys {
            counts.entry(key).or_insert(0);
        }
        self.statuses(counts).await
    }

    /// Every tag key on the region's application profiles, with how many carry it.
    async fn profile_tag_keys(&self) -> Result<BTreeMap<String, u32>> {
        let listed = crate::profiles::Profiles::new(self.catalog.clone())
            .list(crate::profiles::ProfileType::Application)
            .await;
        if let Some(error) = listed.error {
            return Err(error);
        }
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for profile in &listed.profiles {
            let keys = profile.tag_keys();
            for key in keys {
                *counts.entry(key.to_owned()).or_insert(0) += 1;
            }
        }
        Ok(counts)
    }

    /// The status of each key of `counts` (key → how many profiles carry it), asked of
    /// ListCostAllocationTags; a key billing does not return is not seen yet.
    pub async fn statuses(&self, counts: BTreeMap<String, u32>) -> Result<Vec<TagActivation>> {
        if counts.is_empty() {
            return Ok(Vec::new());
        }
        let session = self.catalog.session().await?;
        let keys: Vec<String> = counts.keys().cloned().collect();
        let listed = ce_calls::list_tags(&session, &keys)
            .await
            .map_err(|f| f.error)?;
        Ok(counts
            .into_iter()
            .map(|(key, profiles)| match listed.get(&key) {
                Some(tag) => TagActivation {
                    status: if tag.active {
                        ActivationStatus::Active
                    } else {
                        ActivationStatus::Inactive
                    },
                    profiles,
                    last_updated: tag.last_updated.clone(),
                    last_used: tag.last_used.clone(),
                    key,
                },
                None => TagActivation {
                    key,
                    status: ActivationStatus::NotSeen,
                    profiles,
                    last_updated: None,
                    last_used: None,
                },
            })
            .collect())
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

/// `keys` checked as AWS checks tag keys (1–128 characters of the tag set, no `aws:`), without
/// repeats, in order; an empty list is refused.
fn checked_keys(keys: &[String]) -> Result<Vec<String>> {
    if keys.is_empty() {
        return Err(Error::validation("Name at least one tag key to activate.")
            .with_hint("As in: strata costs tags activate Project Department"));
    }
    let problems: Vec<String> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, key)| {
            crate::profiles::check_tag_key(key, i).map(|p| {
                let suggestion = p
                    .suggestion
                    .map(|s| format!(" (AWS would accept “{s}”)"))
                    .unwrap_or_default();
                format!("“{key}”: {}{suggestion}", p.message)
            })
        })
        .collect();
    if !problems.is_empty() {
        return Err(Error::validation(format!(
            "These are not tag keys AWS accepts: {}",
            problems.join("; ")
        ))
        .with_hint("Give the keys exactly as they are on your profiles (case matters)."));
    }
    let mut out: Vec<String> = Vec::with_capacity(keys.len());
    for key in keys {
        if !out.contains(key) {
            out.push(key.clone());
        }
    }
    Ok(out)
}

/// The error of an activation AWS refused for some keys: each with AWS's reason, and which
/// keys were activated.
fn refusal_error(keys: &[String], refused: &[ce_calls::Refusal]) -> Error {
    let reasons: Vec<String> = refused
        .iter()
        .map(|r| {
            if r.message.is_empty() {
                format!("{} ({})", r.key, r.code)
            } else {
                format!("{} ({}: {})", r.key, r.code, r.message)
            }
        })
        .collect();
    let activated: Vec<&str> = keys
        .iter()
        .filter(|k| !refused.iter().any(|r| &r.key == *k))
        .map(String::as_str)
        .collect();
    let done = if activated.is_empty() {
        "No key was activated.".to_owned()
    } else {
        format!("Activated: {}.", activated.join(", "))
    };
    let kind = if refused.iter().all(|r| r.code == "TagKeyNotFound") {
        ErrorKind::NotFound
    } else {
        ErrorKind::Validation
    };
    Error::new(
        kind,
        format!("AWS did not activate {}. {done}", reasons.join("; ")),
    )
    .with_hint(
        "Billing knows a tag key only after it was used on a billed resource (up to 24 hours \
         after first use): try again later.",
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::costs::DateText;

    #[test]
    fn the_cache_file_is_read_on_first_use_not_when_the_cache_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(BILLED_CACHE_FILE);
        let cache = BilledCache::on_disk(path.clone());
        // Written after the cache was made (as by `strata costs` while the window runs):
        // nothing was read yet, so the first lookup sees it.
        let billed = Billed {
            from: DateText("2024-01-01".into()),
            to: DateText("2024-02-01".into()),
            tag_key: "Project".into(),
            account: "123456789012".into(),
            groups: Vec::new(),
            total_usd: 0.0,
            estimated_by_aws: false,
            fetched_ms: 1,
            from_cache: false,
            requests: 1,
        };
        BilledCache::on_disk(path).put(&billed);
        let got = cache
            .get("123456789012", "2024-01-01", "2024-02-01", "Project")
            .unwrap();
        assert!(got.from_cache);
        assert_eq!(got.fetched_ms, 1);
    }
}

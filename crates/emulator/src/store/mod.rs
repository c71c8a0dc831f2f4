//! Application inference profiles, their tags and idempotency tokens, per region; optionally
//! persisted to a state file after every mutation, through the configured [`StateWriter`]
//! (by default temp file, fsync, rename, fsync of the folder).
//!
//! [`seed`] builds the starting state, [`persist`] reads and writes the state file, and
//! [`profiles`] holds the operations the control plane calls.

mod alerts;
mod persist;
mod profiles;
mod seed;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use serde::{Deserialize, Serialize};

use crate::arn::application_profile_arn;
use crate::catalog::{ModelRef, ProfileJson};
use crate::config::{Seed, StateWriter};
use crate::costs::CostRecord;
use crate::error::StartError;
use crate::wire::Tag;

pub(crate) use alerts::{
    AlarmRecord, BudgetRecord, Dimension, Notification, NotificationRecord, ResourceTag, Spend,
    Subscriber,
};
pub(crate) use persist::write_atomically;
pub(crate) use profiles::{profile_not_found, NewProfile, PageEnd};
pub use seed::DEMO_REGION;

/// The characters of a profile id (12 of them).
const ID_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// One application inference profile. Immutable: changes replace the `Arc`.
#[derive(Clone, Debug)]
pub(crate) struct AppProfile {
    pub(crate) seq: u64,
    pub(crate) id: String,
    pub(crate) arn: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) created_at: String,
    pub(crate) updated_at: String,
    pub(crate) model_source: String,
    pub(crate) models: Vec<String>,
    pub(crate) tags: Vec<Tag>,
    /// Pre-serialised `InferenceProfileSummary` (also the GetInferenceProfile body).
    pub(crate) json: String,
}

fn profile_json(p: &AppProfile) -> String {
    serde_json::to_string(&ProfileJson {
        inference_profile_name: &p.name,
        description: p.description.as_deref(),
        created_at: &p.created_at,
        updated_at: &p.updated_at,
        inference_profile_arn: &p.arn,
        models: p.models.iter().map(|a| ModelRef { model_arn: a }).collect(),
        inference_profile_id: &p.id,
        status: "ACTIVE",
        kind: "APPLICATION",
    })
    .unwrap_or_default()
}

/// A profile as the state file holds it; its sequence number, ARN and JSON are derived.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProfileRecord {
    id: String,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    created_at: String,
    updated_at: String,
    model_source: String,
    models: Vec<String>,
    tags: Vec<Tag>,
}

/// A cost allocation tag key's status, once set by UpdateCostAllocationTagsStatus.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TagActivation {
    /// `Active` or `Inactive`.
    pub(crate) status: String,
    /// When the status last changed (`ZonedDateTime`); `None` for a key never updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_updated: Option<String>,
}

/// A `clientRequestToken` seen by CreateInferenceProfile, with what it created.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TokenRecord {
    token: String,
    fingerprint: String,
    arn: String,
}

#[derive(Debug, Default)]
struct RegionProfiles {
    by_seq: BTreeMap<u64, Arc<AppProfile>>,
    by_id: HashMap<String, u64>,
    by_name: HashMap<String, u64>,
    tokens: HashMap<String, TokenRecord>,
}

impl RegionProfiles {
    fn insert(&mut self, profile: AppProfile) {
        self.by_id.insert(profile.id.clone(), profile.seq);
        self.by_name.insert(profile.name.clone(), profile.seq);
        self.by_seq.insert(profile.seq, Arc::new(profile));
    }
}

#[derive(Debug, Default)]
struct Inner {
    regions: HashMap<String, RegionProfiles>,
    next_seq: u64,
    /// Every runtime call billed, oldest first.
    costs: Vec<CostRecord>,
    /// Cost allocation tag keys activated or deactivated through Cost Explorer.
    cost_tags: BTreeMap<String, TagActivation>,
    /// Budgets by name (AWS Budgets is global: one set per account).
    budgets: BTreeMap<String, BudgetRecord>,
    /// CloudWatch metric alarms by region, then name.
    alarms: BTreeMap<String, BTreeMap<String, AlarmRecord>>,
    /// Bumped by every mutation; the persister writes when it is ahead of what is on disk.
    generation: u64,
}

impl Inner {
    /// Adds `record` to `region` under the next sequence number; returns its ARN.
    fn insert(&mut self, region: &str, account: &str, record: ProfileRecord) -> String {
        let arn = application_profile_arn(region, account, &record.id);
        let mut profile = AppProfile {
            seq: self.next_seq,
            id: record.id,
            arn: arn.clone(),
            name: record.name,
            description: record.description,
            created_at: record.created_at,
            updated_at: record.updated_at,
            model_source: record.model_source,
            models: record.models,
            tags: record.tags,
            json: String::new(),
        };
        profile.json = profile_json(&profile);
        self.next_seq += 1;
        self.regions
            .entry(region.to_owned())
            .or_default()
            .insert(profile);
        arn
    }
}

/// A mutation's outcome: the generation to persist up to (0 when nothing changed).
pub(crate) type Generation = u64;

/// All application profiles of all regions.
pub(crate) struct Store {
    account: String,
    /// Application profiles allowed per region (AWS's quota).
    quota: usize,
    inner: RwLock<Inner>,
    persister: Option<persist::Persister>,
}

impl Store {
    /// Loads the state file when it exists, otherwise starts from `seed`.
    pub(crate) fn open(
        seed: Seed,
        account: &str,
        state_file: Option<&Path>,
        writer: StateWriter,
        quota: usize,
    ) -> Result<Self, StartError> {
        let inner = match state_file {
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => persist::load_state(path, &text, account)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    seed::seeded_inner(seed, account)
                }
                Err(source) => {
                    return Err(StartError::ReadState {
                        path: path.to_owned(),
                        source,
                    })
                }
            },
            None => seed::seeded_inner(seed, account),
        };
        Ok(Self {
            account: account.to_owned(),
            quota,
            inner: RwLock::new(inner),
            persister: state_file.map(|path| persist::Persister::new(path, writer)),
        })
    }

    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        // Mutations are applied in one step after all checks, so a poisoned lock holds a consistent state.
        self.inner
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records a billed call; returns the generation to persist.
    pub(crate) fn push_cost(&self, record: CostRecord) -> Generation {
        let mut inner = self.write();
        inner.costs.push(record);
        inner.generation += 1;
        inner.generation
    }

    /// Every tag key on a billed call's profile, sorted, with its status (`Inactive` until
    /// activated) and the last day it was billed.
    pub(crate) fn cost_allocation_tags(&self) -> Vec<(String, TagActivation, Option<String>)> {
        let inner = self.read();
        let mut last_used: BTreeMap<&str, &str> = BTreeMap::new();
        for record in &inner.costs {
            for key in record.tags.keys() {
                let day = last_used.entry(key).or_insert(&record.day);
                if record.day.as_str() > *day {
                    *day = &record.day;
                }
            }
        }
        last_used
            .into_iter()
            .map(|(key, day)| {
                let activation = inner.cost_tags.get(key).cloned().unwrap_or(TagActivation {
                    status: "Inactive".into(),
                    last_updated: None,
                });
                (key.to_owned(), activation, Some(day.to_owned()))
            })
            .collect()
    }

    /// Sets the status of the keys billing has seen; returns the keys it has not (left
    /// unchanged) and the generation to persist. Setting the current status changes nothing.
    pub(crate) fn set_cost_allocation_tags(
        &self,
        updates: &[(String, String)],
        now: &str,
    ) -> (Vec<String>, Generation) {
        let mut inner = self.write();
        let mut unknown = Vec::new();
        let mut changed = false;
        for (key, status) in updates {
            if !inner.costs.iter().any(|r| r.tags.contains_key(key)) {
                unknown.push(key.clone());
                continue;
            }
            let current = inner
                .cost_tags
                .get(key)
                .map_or("Inactive", |a| a.status.as_str());
            if current != status {
                inner.cost_tags.insert(
                    key.clone(),
                    TagActivation {
                        status: status.clone(),
                        last_updated: Some(now.to_owned()),
                    },
                );
                changed = true;
            }
        }
        if !changed {
            return (unknown, 0);
        }
        inner.generation += 1;
        (unknown, inner.generation)
    }

    /// The billed calls, oldest first.
    pub(crate) fn cost_records(&self) -> Vec<CostRecord> {
        self.read().costs.clone()
    }

    /// Back to the seed (everything else forgotten); returns the generation to persist.
    pub(crate) fn reset(&self, seed: Seed) -> Generation {
        let mut inner = self.write();
        let generation = inner.generation + 1;
        let next_seq = inner.next_seq;
        *inner = seed::seeded_inner(seed, &self.account);
        // Sequence numbers keep growing so old pagination tokens cannot point into new profiles.
        for region in inner.regions.values_mut() {
            let profiles: Vec<AppProfile> = region.by_seq.values().map(|p| (**p).clone()).collect();
            *region = RegionProfiles::default();
            for mut p in profiles {
                p.seq += next_seq;
                region.insert(p);
            }
        }
        inner.next_seq += next_seq;
        inner.generation = generation;
        generation
    }
}

//! Tag activation: whether each tag key used on the region's profiles is a cost allocation tag
//! (ListCostAllocationTags), and activating keys (UpdateCostAllocationTagsStatus, at most 20
//! per call). Until a key is active, Cost Explorer shows no spend under it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The most keys one UpdateCostAllocationTagsStatus call takes.
pub const MAX_KEYS_PER_ACTIVATION: usize = 20;

/// A tag key's cost allocation status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ActivationStatus {
    /// Active: Cost Explorer groups spend by it.
    Active,
    /// Seen by billing but not active: its spend does not appear under it.
    Inactive,
    /// Billing has not seen the key yet (it appears up to 24 hours after first use).
    NotSeen,
}

/// One tag key of the region's profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TagActivation {
    /// The tag key.
    pub key: String,
    /// Its status.
    pub status: ActivationStatus,
    /// How many of the region's application profiles carry it.
    pub profiles: u32,
    /// When its status last changed (`YYYY-MM-DDTHH:MM:SSZ`, as AWS gives it).
    pub last_updated: Option<String>,
    /// When billing last saw it used (`YYYY-MM-DD…`, as AWS gives it).
    pub last_used: Option<String>,
}

//! The data of the Profiles feature: an inference profile as Bedrock describes it, a draft of a
//! new application profile, and what is wrong with a draft.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{EntryKind, EntryStatus, Tag, UnderlyingModel};
use crate::error::Error;

/// Which inference profiles: AWS's `InferenceProfileType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProfileType {
    /// Application inference profiles: user-made, tagged copies.
    Application,
    /// System-defined (cross-region) inference profiles.
    SystemDefined,
}

/// What an application profile copies, as far as Bedrock's answer tells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ProfileOrigin {
    /// One foundation model, in the profile's own region.
    #[serde(rename_all = "camelCase")]
    Model {
        /// The model id, e.g. `anthropic.claude-3-haiku-20240307-v1:0`.
        model_id: String,
    },
    /// A cross-region (system-defined) profile, inferred from the regions of `models[]`.
    #[serde(rename_all = "camelCase")]
    CrossRegion {
        /// The system profile's id, e.g. `us.anthropic.claude-3-haiku-20240307-v1:0`.
        profile_id: String,
        /// Its geography (`US`, `EU`, `APAC`, `Global` …) when known.
        geography: Option<String>,
    },
    /// Not known: a system profile itself, or models that match no known geography.
    Unknown,
}

/// An inference profile as GetInferenceProfile (or a ListInferenceProfiles summary) describes it,
/// with its tags once fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// `inferenceProfileName`.
    pub name: String,
    /// `inferenceProfileId` (12 lowercase alphanumerics for an application profile).
    pub id: String,
    /// `inferenceProfileArn`.
    pub arn: String,
    /// `description`, if it has one.
    pub description: Option<String>,
    /// The region it lives in.
    pub region: String,
    /// `type`.
    pub kind: ProfileType,
    /// `status`.
    pub status: EntryStatus,
    /// `createdAt`, as the AWS CLI prints it: `2024-08-13T18:50:28.527000+00:00` (UTC; no
    /// fraction when it is zero).
    pub created_at: Option<String>,
    /// `updatedAt`, printed like `createdAt`.
    pub updated_at: Option<String>,
    /// `models[]`: the foundation models it routes to, one per region.
    pub models: Vec<UnderlyingModel>,
    /// What it copies (application profiles).
    pub origin: ProfileOrigin,
    /// Its tags; `None` until fetched.
    pub tags: Option<Vec<Tag>>,
}

impl Profile {
    /// Its tag keys, sorted, each once (none until the tags are fetched).
    pub fn tag_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.tags.iter().flatten().map(|t| t.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// One region's answer to a listing across regions: its profiles, or why there are none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionProfiles {
    /// The region asked.
    pub region: String,
    /// Its profiles (empty when `error` is set).
    pub profiles: Vec<Profile>,
    /// Why the region could not be listed.
    pub error: Option<Error>,
}

/// A new application profile as the user describes it, before any call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDraft {
    /// `inferenceProfileName`.
    pub name: String,
    /// `description`; empty means none.
    pub description: String,
    /// What to copy: a foundation model or system profile ARN, a model id or a system profile
    /// id (ids are resolved to the ARN of the current region).
    pub source: String,
    /// The tags, in order.
    pub tags: Vec<Tag>,
}

/// Which field of a draft a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DraftField {
    /// The name.
    Name,
    /// The description.
    Description,
    /// The source model or profile.
    Source,
    /// The tag list as a whole (too many tags).
    Tags,
    /// One tag's key (`tag_index` says which).
    TagKey,
    /// One tag's value (`tag_index` says which).
    TagValue,
}

/// One thing AWS would refuse in a draft, said before any call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    /// The field.
    pub field: DraftField,
    /// For a tag's key or value: the tag's index in the draft.
    pub tag_index: Option<u32>,
    /// What is wrong, in words, naming the character and its position when one is at fault.
    pub message: String,
    /// The 0-based position (in characters) of the first offending character, if one is.
    pub position: Option<u32>,
    /// The nearest text AWS accepts, when one can be offered.
    pub suggestion: Option<String>,
}

/// Who else uses a profile: shown before it is deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileUse {
    /// It is the chat's current selection.
    pub selected: bool,
    /// Saved conversations that chat through it: (id, title).
    pub conversations: Vec<ConversationRef>,
}

/// A saved conversation, by id and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConversationRef {
    /// The conversation's id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// Something a new application profile can copy (`modelSource.copyFrom`), from the region's
/// catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSource {
    /// The model id or system profile id.
    pub id: String,
    /// The ARN that goes in `copyFrom`.
    pub arn: String,
    /// The display name.
    pub name: String,
    /// `Foundation` or `SystemProfile`.
    pub kind: EntryKind,
    /// The model's provider, when known.
    pub provider: Option<String>,
    /// A system profile's geography (`US`, `EU`, `APAC`, `Global` …).
    pub geography: Option<String>,
    /// Why it cannot be copied (e.g. a model offered only through cross-region profiles);
    /// `None` when it can.
    pub problem: Option<String>,
}

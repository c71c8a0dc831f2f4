//! The catalog's data: what a picker entry is, what it can do and the merged catalog of a region.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// What kind of thing a picker entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum EntryKind {
    /// A foundation model, called by its model id.
    Foundation,
    /// A system-defined (cross-region) inference profile, called by its profile id.
    SystemProfile,
    /// An application inference profile, called by its ARN; spend is billed under its tags.
    ApplicationProfile,
}

/// A cost-allocation tag on an application inference profile.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Tag {
    /// The tag key, e.g. `Project`.
    pub key: String,
    /// The tag value, e.g. `Alpha`.
    pub value: String,
}

/// What an entry can do, inherited from the foundation model underneath a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    /// Produces text, so it can chat.
    pub text_output: bool,
    /// Supports streamed answers.
    pub streaming: bool,
    /// Accepts images in the prompt.
    pub image_input: bool,
    /// Supports tool use through Converse; `None` when Strata does not know.
    pub tool_use: Option<bool>,
    /// Can be called directly by its id (foundation models offered only through inference
    /// profiles cannot).
    pub on_demand: bool,
}

/// A foundation model underneath an inference profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnderlyingModel {
    /// Its foundation-model ARN, as the profile lists it.
    pub arn: String,
    /// Its model id, e.g. `anthropic.claude-3-haiku-20240307-v1:0`.
    pub model_id: String,
    /// The region of that ARN.
    pub region: String,
    /// Its display name, when the region's model list knows it.
    pub name: Option<String>,
}

/// One thing the user can pick to chat with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModelEntry {
    /// What goes in `modelId`: the model id, the system profile id, or the AIP's ARN.
    pub id: String,
    /// Which kind of entry.
    pub kind: EntryKind,
    /// Display name (the profile's name for AIPs).
    pub name: String,
    /// The profile's description, if it has one.
    pub description: Option<String>,
    /// The provider of the (underlying) model, e.g. `Anthropic`.
    pub provider: Option<String>,
    /// The full ARN.
    pub arn: String,
    /// The region it was listed in.
    pub region: String,
    /// For profiles: the foundation models underneath, one per region it can route to.
    pub underlying_models: Vec<UnderlyingModel>,
    /// For an AIP: the name of the model it copies (e.g. `Claude 3 Haiku`).
    pub base_model_name: Option<String>,
    /// For system profiles: the geography it routes within (`US`, `EU`, `APAC`, `Global` …).
    pub geography: Option<String>,
    /// Capabilities, inherited from the underlying model for profiles.
    pub capabilities: Capabilities,
    /// Tags of an AIP; `None` until fetched (or for entries that have none).
    pub tags: Option<Vec<Tag>>,
    /// Whether the model is current or being retired (a profile's own status for profiles).
    pub status: EntryStatus,
}

impl ModelEntry {
    /// Its tags as `key=value` pairs joined by commas, as the CLI prints them (empty when it has
    /// none, or they are not fetched yet).
    pub fn tags_text(&self) -> String {
        self.tags
            .iter()
            .flatten()
            .map(|t| format!("{}={}", t.key, t.value))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The status Bedrock gives an entry: a foundation model's lifecycle status
/// (`FoundationModelLifecycleStatus`) or an inference profile's status (`InferenceProfileStatus`).
///
/// Sent as Bedrock spells it (`"ACTIVE"`, `"LEGACY"`), so catalog caches of earlier versions,
/// which stored the text, read back the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntryStatus {
    /// Available (models and profiles).
    Active,
    /// A model version being retired: still callable until its end of life.
    Legacy,
    /// A status a newer Bedrock sends that this Strata does not know, as Bedrock spelled it.
    Other(String),
}

impl EntryStatus {
    /// The status Bedrock spells `text`; unknown text is kept in [`EntryStatus::Other`].
    pub fn from_bedrock(text: &str) -> Self {
        match text {
            "ACTIVE" => EntryStatus::Active,
            "LEGACY" => EntryStatus::Legacy,
            other => EntryStatus::Other(other.to_owned()),
        }
    }

    /// The status as Bedrock spells it.
    pub fn as_str(&self) -> &str {
        match self {
            EntryStatus::Active => "ACTIVE",
            EntryStatus::Legacy => "LEGACY",
            EntryStatus::Other(text) => text,
        }
    }
}

impl<'de> Deserialize<'de> for EntryStatus {
    /// Reads the text earlier versions wrote (`"ACTIVE"`, or whatever Bedrock sent) as well as
    /// the tagged form of an unknown status (`{"OTHER": "…"}`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        enum Tagged {
            #[serde(rename = "OTHER")]
            Other(String),
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Tagged(Tagged),
        }
        Ok(match Wire::deserialize(deserializer)? {
            Wire::Text(text) | Wire::Tagged(Tagged::Other(text)) => Self::from_bedrock(&text),
        })
    }
}

/// Counts of one load, for logs and the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogStats {
    /// Foundation models listed.
    pub foundation_models: u32,
    /// System-defined profiles listed.
    pub system_profiles: u32,
    /// Application profiles listed (0 when the setting is off).
    pub application_profiles: u32,
    /// Pages fetched across the calls.
    pub pages: u32,
    /// Wall time of the load.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// One of the listings a catalog is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CatalogSection {
    /// ListFoundationModels.
    FoundationModels,
    /// ListInferenceProfiles(SYSTEM_DEFINED).
    SystemProfiles,
    /// ListInferenceProfiles(APPLICATION).
    ApplicationProfiles,
}

/// A listing that failed while the others loaded: its section is empty and says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SectionError {
    /// Which listing failed.
    pub section: CatalogSection,
    /// Why, with a hint.
    pub error: Error,
}

/// The merged catalog of one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    /// The region listed.
    pub region: String,
    /// Whether application profiles were asked for.
    pub application_profiles_included: bool,
    /// Entries: application profiles first, then by provider, then by name.
    pub entries: Vec<ModelEntry>,
    /// When it was loaded, in milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub loaded_at_ms: u64,
    /// Counts of the load.
    pub stats: CatalogStats,
    /// The listings that failed while others loaded (their entries are missing, not empty);
    /// empty when the catalog is complete. Kept in the disk cache, so a partial catalog read back
    /// is never taken for a complete one.
    #[serde(default)]
    pub section_errors: Vec<SectionError>,
}

impl Catalog {
    /// The error of `section`'s listing, when it failed while the others loaded.
    pub fn section_error(&self, section: CatalogSection) -> Option<&Error> {
        self.section_errors
            .iter()
            .find(|s| s.section == section)
            .map(|s| &s.error)
    }

    /// The ARNs of the application profiles, whose tags [`fetch_tags`](crate::catalog::fetch_tags) can fetch.
    pub fn application_profile_arns(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.kind == EntryKind::ApplicationProfile)
            .map(|e| e.arn.clone())
            .collect()
    }

    /// Sets the tags of the entries whose ARN is in `tags`.
    pub fn apply_tags(&mut self, tags: &HashMap<String, Vec<Tag>>) {
        for entry in &mut self.entries {
            if let Some(t) = tags.get(&entry.arn) {
                entry.tags = Some(t.clone());
            }
        }
    }

    /// The tags already known per ARN (e.g. from a cached catalog), to show before a fetch.
    pub fn known_tags(&self) -> HashMap<String, Vec<Tag>> {
        self.entries
            .iter()
            .filter_map(|e| e.tags.clone().map(|t| (e.arn.clone(), t)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn statuses_keep_bedrock_spelling_and_unknown_text() {
        for (status, json) in [
            (EntryStatus::Active, r#""ACTIVE""#),
            (EntryStatus::Legacy, r#""LEGACY""#),
            (
                EntryStatus::Other("RETIRING".to_owned()),
                r#"{"OTHER":"RETIRING"}"#,
            ),
        ] {
            assert_eq!(serde_json::to_string(&status).unwrap(), json);
            assert_eq!(serde_json::from_str::<EntryStatus>(json).unwrap(), status);
        }
        // Earlier versions stored Bedrock's text as it came, whatever it was.
        assert_eq!(
            serde_json::from_str::<EntryStatus>(r#""RETIRING""#).unwrap(),
            EntryStatus::Other("RETIRING".to_owned())
        );
        assert_eq!(EntryStatus::from_bedrock("LEGACY").as_str(), "LEGACY");
        assert!(serde_json::from_str::<EntryStatus>("7").is_err());
    }
}

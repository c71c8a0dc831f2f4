//! A team's application profiles as a reviewed file, and the plan that brings AWS in line with
//! it: create what is missing, change tags that differ, leave the rest, report drift (an
//! immutable field that differs: profiles have no update call, and deleting and recreating one
//! would change its ARN, so that is the user's decision) and, only when asked, delete the
//! application profiles the file does not list.
//!
//! The file is a JSON (or YAML, parsed by the caller into the same value) document:
//!
//! ```json
//! { "region": "ap-northeast-1",
//!   "profiles": [ { "name": "dev-claude-haiku", "description": "Development and testing",
//!                   "source": "anthropic.claude-3-haiku-20240307-v1:0",
//!                   "tags": { "Environment": "Development" }, "region": "us-east-1" } ] }
//! ```
//!
//! `source` is a model id, a system (cross-region) profile id or an ARN of either; `tags` is a
//! `{"KEY": "VALUE"}` object or the AWS CLI's `[{"key": …, "value": …}]`; `region` on a profile
//! overrides the file's. Unknown fields are refused by name, so a typo is never ignored.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Profile, ProfileDraft, ProfileOrigin};
use super::{ProfileSource, Profiles};
use crate::catalog::Tag;
use crate::error::{Error, Result};

mod file;

use file::file_error;
pub use file::{DesiredProfile, ProfilesFile};

/// One tag whose value changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagChange {
    /// The tag key.
    pub key: String,
    /// Its value in AWS now.
    pub from: String,
    /// Its value in the file.
    pub to: String,
}

/// How a profile's tags in AWS differ from the file's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagChanges {
    /// Tags the file has and AWS does not.
    pub added: Vec<Tag>,
    /// Tags whose value differs.
    pub changed: Vec<TagChange>,
    /// Tags AWS has and the file does not.
    pub removed: Vec<Tag>,
}

impl TagChanges {
    /// The changes that make `current` into `wanted` (keys are case-sensitive, as in AWS).
    pub fn between(current: &[Tag], wanted: &[Tag]) -> Self {
        let now: BTreeMap<&str, &str> = current
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str()))
            .collect();
        let want: BTreeMap<&str, &str> = wanted
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str()))
            .collect();
        let mut changes = TagChanges::default();
        for tag in wanted {
            match now.get(tag.key.as_str()) {
                None => changes.added.push(tag.clone()),
                Some(value) if *value != tag.value => changes.changed.push(TagChange {
                    key: tag.key.clone(),
                    from: (*value).to_owned(),
                    to: tag.value.clone(),
                }),
                Some(_) => {}
            }
        }
        for tag in current {
            if !want.contains_key(tag.key.as_str()) {
                changes.removed.push(tag.clone());
            }
        }
        changes
    }

    /// True when the tags already match.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// The tags TagResource sets: the added and the changed ones.
    pub fn to_set(&self) -> Vec<Tag> {
        let changed = self.changed.iter().map(|c| Tag {
            key: c.key.clone(),
            value: c.to.clone(),
        });
        self.added.iter().cloned().chain(changed).collect()
    }

    /// The keys UntagResource removes.
    pub fn to_remove(&self) -> Vec<String> {
        self.removed.iter().map(|t| t.key.clone()).collect()
    }
}

/// An immutable field whose value in AWS differs from the file's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drift {
    /// `description` or `source`.
    pub field: String,
    /// The value in AWS (`None`: it has none).
    pub aws: Option<String>,
    /// The value in the file (`None`: it gives none).
    pub file: Option<String>,
}

/// What the plan does with one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum PlanAction {
    /// Create it (it does not exist in its region).
    #[serde(rename_all = "camelCase")]
    Create {
        /// The draft sent to CreateInferenceProfile.
        draft: ProfileDraft,
    },
    /// Tag and untag it (TagResource / UntagResource).
    #[serde(rename_all = "camelCase")]
    ChangeTags {
        /// What changes.
        tags: TagChanges,
    },
    /// Nothing to do: AWS already matches the file.
    Unchanged,
    /// Its description or source differs from the file's; profiles are immutable, so it is
    /// left alone (tags too) and reported.
    #[serde(rename_all = "camelCase")]
    Drift {
        /// The fields that differ.
        differences: Vec<Drift>,
    },
    /// Delete it: an application profile of one of the file's regions that the file does not
    /// list (only with prune).
    Delete,
}

impl PlanAction {
    /// True when carrying it out calls a mutating operation.
    pub fn changes_something(&self) -> bool {
        matches!(
            self,
            PlanAction::Create { .. } | PlanAction::ChangeTags { .. } | PlanAction::Delete
        )
    }
}

/// One profile of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanItem {
    /// The region.
    pub region: String,
    /// The profile's name.
    pub name: String,
    /// Its ARN, when it exists (or once created).
    pub arn: Option<String>,
    /// What to do.
    #[serde(flatten)]
    pub action: PlanAction,
}

/// Counts of a plan's actions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    /// Profiles to create.
    pub create: usize,
    /// Profiles whose tags change.
    pub change_tags: usize,
    /// Profiles already as the file says.
    pub unchanged: usize,
    /// Profiles whose immutable fields differ (left alone).
    pub drift: usize,
    /// Profiles to delete.
    pub delete: usize,
}

impl PlanSummary {
    /// The number of profiles the plan changes.
    pub fn changes(&self) -> usize {
        self.create + self.change_tags + self.delete
    }
}

/// The plan that brings AWS in line with a profiles file: one item per profile the file lists
/// (in file order) then the profiles to delete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The regions looked at.
    pub regions: Vec<String>,
    /// The items.
    pub items: Vec<PlanItem>,
}

impl Plan {
    /// How many items of each action.
    pub fn summary(&self) -> PlanSummary {
        let mut summary = PlanSummary::default();
        for item in &self.items {
            match item.action {
                PlanAction::Create { .. } => summary.create += 1,
                PlanAction::ChangeTags { .. } => summary.change_tags += 1,
                PlanAction::Unchanged => summary.unchanged += 1,
                PlanAction::Drift { .. } => summary.drift += 1,
                PlanAction::Delete => summary.delete += 1,
            }
        }
        summary
    }
}

/// The application profiles of one region as they are now, with their tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionState {
    /// The region.
    pub region: String,
    /// Its application profiles.
    pub profiles: Vec<Profile>,
}

/// The plan for `file` given what each of its regions holds (`current`: one entry per region
/// of [`ProfilesFile::regions`]); `prune` adds the deletions. Matching is by name within a
/// region.
pub fn plan(
    file: &ProfilesFile,
    default_region: &str,
    current: &[RegionState],
    prune: bool,
) -> Plan {
    let regions = file.regions(default_region);
    let mut items = Vec::new();
    let mut listed: BTreeSet<(String, String)> = BTreeSet::new();
    for desired in &file.profiles {
        let region = file.region_of(desired, default_region).to_owned();
        listed.insert((region.clone(), desired.name.clone()));
        let existing = current
            .iter()
            .filter(|s| s.region == region)
            .flat_map(|s| &s.profiles)
            .find(|p| p.name == desired.name);
        let (arn, action) = match existing {
            None => (
                None,
                PlanAction::Create {
                    draft: desired.draft(),
                },
            ),
            Some(profile) => (Some(profile.arn.clone()), compare(desired, profile)),
        };
        items.push(PlanItem {
            region,
            name: desired.name.clone(),
            arn,
            action,
        });
    }
    if prune {
        for state in current.iter().filter(|s| regions.contains(&s.region)) {
            for profile in &state.profiles {
                if !listed.contains(&(state.region.clone(), profile.name.clone())) {
                    items.push(PlanItem {
                        region: state.region.clone(),
                        name: profile.name.clone(),
                        arn: Some(profile.arn.clone()),
                        action: PlanAction::Delete,
                    });
                }
            }
        }
    }
    Plan { regions, items }
}

fn compare(desired: &DesiredProfile, profile: &Profile) -> PlanAction {
    let mut differences = Vec::new();
    let want_description = desired.description.as_deref().filter(|d| !d.is_empty());
    let has_description = profile.description.as_deref().filter(|d| !d.is_empty());
    if want_description != has_description {
        differences.push(Drift {
            field: "description".to_owned(),
            aws: has_description.map(str::to_owned),
            file: want_description.map(str::to_owned),
        });
    }
    if !source_matches(&desired.source, profile) {
        differences.push(Drift {
            field: "source".to_owned(),
            aws: Some(source_of(profile)),
            file: Some(desired.source.clone()),
        });
    }
    if !differences.is_empty() {
        return PlanAction::Drift { differences };
    }
    let tags = TagChanges::between(profile.tags.as_deref().unwrap_or_default(), &desired.tags);
    if tags.is_empty() {
        PlanAction::Unchanged
    } else {
        PlanAction::ChangeTags { tags }
    }
}

/// The model id or system profile id a source names (an ARN's last path part).
fn source_id(source: &str) -> &str {
    if source.starts_with("arn:") {
        source
            .split_once('/')
            .map_or(source, |(_, resource)| resource)
    } else {
        source
    }
}

/// What a profile copies, as the file would say it.
fn source_of(profile: &Profile) -> String {
    match &profile.origin {
        ProfileOrigin::Model { model_id } => model_id.clone(),
        ProfileOrigin::CrossRegion { profile_id, .. } => profile_id.clone(),
        ProfileOrigin::Unknown => profile
            .models
            .iter()
            .map(|m| m.model_id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn source_matches(source: &str, profile: &Profile) -> bool {
    let id = source_id(source);
    match &profile.origin {
        ProfileOrigin::Model { model_id } => id == model_id,
        ProfileOrigin::CrossRegion { profile_id, .. } => id == profile_id,
        // Bedrock's answer did not say: a copy of one model routes to it alone; a copy of a
        // cross-region profile routes to one model in several regions, and its id ends with it.
        ProfileOrigin::Unknown => {
            let models: BTreeSet<&str> =
                profile.models.iter().map(|m| m.model_id.as_str()).collect();
            match (models.len(), models.first()) {
                (1, Some(model)) if profile.models.len() == 1 => id == *model,
                (1, Some(model)) => id.ends_with(&format!(".{model}")),
                _ => false,
            }
        }
    }
}

/// The creates of `items` in `region` whose source that region cannot copy, each said in a
/// line: checked against the region's [`ProfileSource`]s before anything is sent.
pub fn unavailable_sources(
    items: &[PlanItem],
    region: &str,
    sources: &[ProfileSource],
) -> Vec<String> {
    let mut problems = Vec::new();
    for item in items.iter().filter(|i| i.region == region) {
        let PlanAction::Create { draft } = &item.action else {
            continue;
        };
        let found = sources
            .iter()
            .find(|s| s.arn == draft.source || s.id == draft.source);
        match found {
            None => problems.push(format!(
                "{} ({region}): the source {:?} is not a foundation model or cross-region profile offered in {region}",
                item.name, draft.source
            )),
            Some(source) => {
                if let Some(why) = &source.problem {
                    problems.push(format!(
                        "{} ({region}): {:?} cannot be copied: {why}",
                        item.name, draft.source
                    ));
                }
            }
        }
    }
    problems
}

/// The error for [`unavailable_sources`]' problems.
pub fn unavailable_sources_error(problems: Vec<String>) -> Error {
    let mut error = file_error(problems);
    error = error.with_hint(
        "Use a model id or cross-region profile id that `strata models --region REGION` lists; \
         nothing was sent to AWS."
            .to_owned(),
    );
    error
}

/// What became of one item when the plan was carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedItem {
    /// The item (with the new ARN once created).
    #[serde(flatten)]
    pub item: PlanItem,
    /// True when every call it needed succeeded (always for unchanged and drift).
    pub done: bool,
    /// Why it failed.
    pub error: Option<Error>,
}

/// Carries out the items of `plan` for `profiles`' current region (the caller points it at
/// each region in turn): creates, then tag changes, then deletions, so a failure never leaves
/// fewer profiles than before. A failed item does not stop the others.
pub async fn apply_region(
    profiles: &Profiles,
    region: &str,
    items: &[PlanItem],
    token: &dyn Fn() -> String,
) -> Vec<AppliedItem> {
    let mut order: Vec<&PlanItem> = items.iter().filter(|i| i.region == region).collect();
    order.sort_by_key(|i| match i.action {
        PlanAction::Create { .. } => 0,
        PlanAction::ChangeTags { .. } => 1,
        PlanAction::Delete => 2,
        PlanAction::Unchanged | PlanAction::Drift { .. } => 3,
    });
    let mut applied = Vec::new();
    for item in order {
        let mut item = item.clone();
        let result = match &item.action {
            PlanAction::Create { draft } => match profiles.create(draft, &token()).await {
                Ok(created) => {
                    item.arn = Some(created.arn);
                    Ok(())
                }
                Err(e) => Err(e),
            },
            PlanAction::ChangeTags { tags } => {
                change_tags(profiles, item.arn.as_deref(), tags).await
            }
            PlanAction::Delete => match item.arn.as_deref() {
                Some(arn) => profiles.delete(arn).await,
                None => Err(Error::internal("a profile to delete has no ARN")),
            },
            PlanAction::Unchanged | PlanAction::Drift { .. } => Ok(()),
        };
        applied.push(AppliedItem {
            item,
            done: result.is_ok(),
            error: result.err(),
        });
    }
    applied
}

async fn change_tags(profiles: &Profiles, arn: Option<&str>, tags: &TagChanges) -> Result<()> {
    let Some(arn) = arn else {
        return Err(Error::internal("a profile to tag has no ARN"));
    };
    let set = tags.to_set();
    if !set.is_empty() {
        profiles.tag(arn, &set).await?;
    }
    let remove = tags.to_remove();
    if !remove.is_empty() {
        profiles.untag(arn, &remove).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

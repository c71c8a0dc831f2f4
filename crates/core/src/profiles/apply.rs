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
use serde_json::Value;

use super::{check_draft, DraftField, FieldProblem, Profile, ProfileDraft, ProfileOrigin};
use super::{ProfileSource, Profiles};
use crate::catalog::Tag;
use crate::error::{Error, Result};

/// The fields a profiles file may have at its top level.
const FILE_FIELDS: &[&str] = &["region", "profiles"];
/// The fields one profile of a profiles file may have.
const PROFILE_FIELDS: &[&str] = &["name", "description", "source", "tags", "region"];

/// A profiles file as read (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfilesFile {
    /// The region of the profiles that name none.
    pub region: Option<String>,
    /// The profiles, in file order.
    pub profiles: Vec<DesiredProfile>,
}

/// One application profile as the file wants it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DesiredProfile {
    /// `inferenceProfileName`.
    pub name: String,
    /// `description`; `None` (or empty) for none.
    pub description: Option<String>,
    /// What it copies: a model id, a system profile id or an ARN of either.
    pub source: String,
    /// Its tags, in file order.
    pub tags: Vec<Tag>,
    /// Its region, when it is not the file's.
    pub region: Option<String>,
}

impl DesiredProfile {
    /// The draft that creates it.
    pub fn draft(&self) -> ProfileDraft {
        ProfileDraft {
            name: self.name.clone(),
            description: self.description.clone().unwrap_or_default(),
            source: self.source.clone(),
            tags: self.tags.clone(),
        }
    }
}

impl ProfilesFile {
    /// Reads a parsed document; every problem of its shape (a missing or mistyped field, an
    /// unknown one) is in the one error.
    pub fn from_value(doc: &Value) -> Result<Self> {
        let mut problems = Vec::new();
        let file = read_file(doc, &mut problems);
        if problems.is_empty() {
            Ok(file)
        } else {
            Err(file_error(problems))
        }
    }

    /// The region each profile goes to, `default_region` for those that name none (and a file
    /// that names none either).
    pub fn region_of<'a>(
        &'a self,
        profile: &'a DesiredProfile,
        default_region: &'a str,
    ) -> &'a str {
        profile
            .region
            .as_deref()
            .or(self.region.as_deref())
            .unwrap_or(default_region)
    }

    /// The regions the file's profiles go to, in order of first use (the file's own region
    /// too, so `--prune` on a file with no profiles left still cleans it).
    pub fn regions(&self, default_region: &str) -> Vec<String> {
        let mut regions: Vec<String> = Vec::new();
        let first = self.region.as_deref().into_iter();
        let each = self
            .profiles
            .iter()
            .map(|p| self.region_of(p, default_region));
        for region in first.chain(each) {
            if !regions.iter().any(|r| r == region) {
                regions.push(region.to_owned());
            }
        }
        if regions.is_empty() {
            regions.push(default_region.to_owned());
        }
        regions
    }

    /// Everything AWS would refuse in the file, checked as AWS does before any call: each
    /// profile's name, description, source and tags, and a name used twice in one region.
    pub fn check(&self, default_region: &str) -> Result<()> {
        let mut problems = Vec::new();
        let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
        for (i, profile) in self.profiles.iter().enumerate() {
            let at = entry_label(i, &profile.name);
            for problem in check_draft(&profile.draft()) {
                problems.push(format!("{at}: {}", problem_text(&problem)));
            }
            let region = self.region_of(profile, default_region);
            if !seen.insert((region, profile.name.as_str())) {
                problems.push(format!(
                    "{at}: the name is listed twice for {region} (names are unique per region)"
                ));
            }
        }
        if problems.is_empty() {
            return Ok(());
        }
        Err(file_error(problems))
    }
}

fn entry_label(index: usize, name: &str) -> String {
    if name.is_empty() {
        format!("profiles[{index}]")
    } else {
        format!("profiles[{index}] ({name})")
    }
}

/// A problem as one line: the field, what is wrong, and what AWS would accept.
fn problem_text(problem: &FieldProblem) -> String {
    let field = match (problem.field, problem.tag_index) {
        (DraftField::Name, _) => "name".to_owned(),
        (DraftField::Description, _) => "description".to_owned(),
        (DraftField::Source, _) => "source".to_owned(),
        (DraftField::Tags, _) => "tags".to_owned(),
        (DraftField::TagKey, Some(i)) => format!("tag {} key", i + 1),
        (DraftField::TagValue, Some(i)) => format!("tag {} value", i + 1),
        (DraftField::TagKey, None) => "tag key".to_owned(),
        (DraftField::TagValue, None) => "tag value".to_owned(),
    };
    match &problem.suggestion {
        Some(s) => format!("{field}: {} (AWS would accept: {s:?})", problem.message),
        None => format!("{field}: {}", problem.message),
    }
}

fn file_error(problems: Vec<String>) -> Error {
    let count = problems.len();
    let mut message = if count == 1 {
        "The profiles file has a problem: ".to_owned()
    } else {
        format!("The profiles file has {count} problems: ")
    };
    message.push_str(&problems.join("; "));
    Error::validation(message)
        .with_hint("Fix the file and run it again; nothing was sent to AWS.".to_owned())
}

fn unknown_fields(object: &serde_json::Map<String, Value>, known: &[&str]) -> Vec<String> {
    object
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| format!("{k:?}"))
        .collect()
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn read_file(doc: &Value, problems: &mut Vec<String>) -> ProfilesFile {
    let Value::Object(root) = doc else {
        problems.push(format!(
            "the document is {}, not an object with \"region\" and \"profiles\"",
            kind_of(doc)
        ));
        return ProfilesFile::default();
    };
    let unknown = unknown_fields(root, FILE_FIELDS);
    if !unknown.is_empty() {
        problems.push(format!(
            "unknown top-level field {} (known: region, profiles)",
            unknown.join(", ")
        ));
    }
    let region = optional_string(root, "region", "the top-level \"region\"", problems);
    let mut profiles = Vec::new();
    match root.get("profiles") {
        None => problems.push("\"profiles\" is missing (a list of profiles)".to_owned()),
        Some(Value::Array(entries)) => {
            for (i, entry) in entries.iter().enumerate() {
                profiles.push(read_profile(i, entry, problems));
            }
        }
        Some(other) => problems.push(format!("\"profiles\" is {}, not a list", kind_of(other))),
    }
    ProfilesFile { region, profiles }
}

fn optional_string(
    object: &serde_json::Map<String, Value>,
    field: &str,
    label: &str,
    problems: &mut Vec<String>,
) -> Option<String> {
    match object.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            if field == "region" && !is_region_name(s) {
                problems.push(format!(
                    "{label} {s:?} is not a region name (like \"us-east-1\")"
                ));
            }
            Some(s.clone())
        }
        Some(other) => {
            problems.push(format!("{label} is {}, not a string", kind_of(other)));
            None
        }
    }
}

/// `us-east-1`, `ap-northeast-1`, `us-gov-west-1`: lowercase words and a number, by hyphens.
fn is_region_name(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
}

fn read_profile(index: usize, entry: &Value, problems: &mut Vec<String>) -> DesiredProfile {
    let Value::Object(object) = entry else {
        problems.push(format!(
            "profiles[{index}] is {}, not an object",
            kind_of(entry)
        ));
        return DesiredProfile::default();
    };
    let name = match object.get("name") {
        Some(Value::String(s)) => s.clone(),
        None => {
            problems.push(format!("profiles[{index}]: \"name\" is missing"));
            String::new()
        }
        Some(other) => {
            problems.push(format!(
                "profiles[{index}]: \"name\" is {}, not a string",
                kind_of(other)
            ));
            String::new()
        }
    };
    let at = entry_label(index, &name);
    let unknown = unknown_fields(object, PROFILE_FIELDS);
    if !unknown.is_empty() {
        problems.push(format!(
            "{at}: unknown field {} (known: {})",
            unknown.join(", "),
            PROFILE_FIELDS.join(", ")
        ));
    }
    let description = optional_string(
        object,
        "description",
        &format!("{at}: \"description\""),
        problems,
    );
    let source = match object.get("source") {
        Some(Value::String(s)) => s.clone(),
        None => {
            problems.push(format!(
                "{at}: \"source\" is missing (a model id, a cross-region profile id or an ARN)"
            ));
            String::new()
        }
        Some(other) => {
            problems.push(format!(
                "{at}: \"source\" is {}, not a string",
                kind_of(other)
            ));
            String::new()
        }
    };
    let tags = match object.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(tags) => read_tags(&at, tags, problems),
    };
    let region = optional_string(object, "region", &format!("{at}: \"region\""), problems);
    DesiredProfile {
        name,
        description,
        source,
        tags,
        region,
    }
}

fn read_tags(at: &str, tags: &Value, problems: &mut Vec<String>) -> Vec<Tag> {
    let mut out = Vec::new();
    match tags {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(v) => out.push(Tag {
                        key: key.clone(),
                        value: v.clone(),
                    }),
                    other => problems.push(format!(
                        "{at}: the value of tag {key:?} is {}, not a string (quote it)",
                        kind_of(other)
                    )),
                }
            }
        }
        Value::Array(list) => {
            for (i, item) in list.iter().enumerate() {
                let Value::Object(tag) = item else {
                    problems.push(format!(
                        "{at}: tags[{i}] is {}, not {{\"key\": …, \"value\": …}}",
                        kind_of(item)
                    ));
                    continue;
                };
                let unknown = unknown_fields(tag, &["key", "value"]);
                if !unknown.is_empty() {
                    problems.push(format!(
                        "{at}: tags[{i}] has unknown field {} (known: key, value)",
                        unknown.join(", ")
                    ));
                }
                match (tag.get("key"), tag.get("value")) {
                    (Some(Value::String(key)), Some(Value::String(value))) => out.push(Tag {
                        key: key.clone(),
                        value: value.clone(),
                    }),
                    (Some(Value::String(key)), None) => out.push(Tag {
                        key: key.clone(),
                        value: String::new(),
                    }),
                    _ => problems.push(format!(
                        "{at}: tags[{i}] needs a string \"key\" and a string \"value\""
                    )),
                }
            }
        }
        other => problems.push(format!(
            "{at}: \"tags\" is {}, not {{\"KEY\": \"VALUE\"}} or [{{\"key\": …, \"value\": …}}]",
            kind_of(other)
        )),
    }
    out
}

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
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use serde_json::json;

    use super::*;
    use crate::catalog::{EntryStatus, UnderlyingModel};
    use crate::profiles::ProfileType;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    fn aws_profile(name: &str, description: Option<&str>, model: &str, tags: &[Tag]) -> Profile {
        Profile {
            name: name.to_owned(),
            id: format!("{name}-id"),
            arn: format!(
                "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/{name}"
            ),
            description: description.map(str::to_owned),
            region: "us-east-1".to_owned(),
            kind: ProfileType::Application,
            status: EntryStatus::Active,
            created_at: None,
            updated_at: None,
            models: vec![UnderlyingModel {
                arn: format!("arn:aws:bedrock:us-east-1::foundation-model/{model}"),
                model_id: model.to_owned(),
                region: "us-east-1".to_owned(),
                name: None,
            }],
            origin: ProfileOrigin::Model {
                model_id: model.to_owned(),
            },
            tags: Some(tags.to_vec()),
        }
    }

    #[test]
    fn a_file_reads_both_tag_forms_and_the_region_default() {
        let file = ProfilesFile::from_value(&json!({
            "region": "ap-northeast-1",
            "profiles": [
                {"name": "a", "source": "m", "tags": {"K": "V"}},
                {"name": "b", "source": "m", "description": "d", "region": "us-east-1",
                 "tags": [{"key": "K", "value": "V"}]},
            ]
        }))
        .unwrap();
        assert_eq!(file.profiles[0].tags, vec![tag("K", "V")]);
        assert_eq!(file.profiles[1].tags, vec![tag("K", "V")]);
        assert_eq!(
            file.region_of(&file.profiles[0], "eu-west-1"),
            "ap-northeast-1"
        );
        assert_eq!(file.region_of(&file.profiles[1], "eu-west-1"), "us-east-1");
        assert_eq!(file.regions("eu-west-1"), ["ap-northeast-1", "us-east-1"]);
    }

    #[test]
    fn unknown_and_mistyped_fields_are_refused_by_name_all_at_once() {
        let err = ProfilesFile::from_value(&json!({
            "regoin": "x",
            "profiles": [
                {"name": "a", "source": "m", "colour": "blue"},
                {"name": "b", "source": 3, "tags": {"K": true}},
                {"source": "m"},
            ]
        }))
        .unwrap_err();
        let message = err.message();
        assert!(message.contains("5 problems"), "{message}");
        assert!(
            message.contains("unknown top-level field \"regoin\""),
            "{message}"
        );
        assert!(
            message.contains("profiles[0] (a): unknown field \"colour\""),
            "{message}"
        );
        assert!(
            message.contains("profiles[1] (b): \"source\" is a number"),
            "{message}"
        );
        assert!(message.contains("tag \"K\" is a boolean"), "{message}");
        assert!(
            message.contains("profiles[2]: \"name\" is missing"),
            "{message}"
        );
    }

    #[test]
    fn a_name_twice_in_one_region_is_refused() {
        let file = ProfilesFile::from_value(&json!({
            "profiles": [
                {"name": "a", "source": "m"},
                {"name": "a", "source": "m", "region": "eu-west-1"},
                {"name": "a", "source": "m"},
            ]
        }))
        .unwrap();
        let err = file.check("us-east-1").unwrap_err();
        assert!(
            err.message()
                .contains("profiles[2] (a): the name is listed twice for us-east-1"),
            "{}",
            err.message()
        );
        assert!(!err.message().contains("profiles[1]"), "{}", err.message());
    }

    #[test]
    fn the_plan_creates_changes_tags_reports_drift_and_prunes_only_when_asked() {
        let file = ProfilesFile::from_value(&json!({
            "region": "us-east-1",
            "profiles": [
                {"name": "new", "source": "m1"},
                {"name": "same", "source": "m1", "description": "d", "tags": {"A": "1"}},
                {"name": "retag", "source": "arn:aws:bedrock:us-east-1::foundation-model/m1",
                 "tags": {"A": "2", "B": "new"}},
                {"name": "moved", "source": "m2", "description": "other"},
            ]
        }))
        .unwrap();
        let current = [RegionState {
            region: "us-east-1".to_owned(),
            profiles: vec![
                aws_profile("same", Some("d"), "m1", &[tag("A", "1")]),
                aws_profile("retag", None, "m1", &[tag("A", "1"), tag("C", "gone")]),
                aws_profile("moved", Some("d"), "m1", &[]),
                aws_profile("extra", None, "m1", &[]),
            ],
        }];
        let plan_kept = plan(&file, "eu-west-1", &current, false);
        let actions: Vec<(&str, &PlanAction)> = plan_kept
            .items
            .iter()
            .map(|i| (i.name.as_str(), &i.action))
            .collect();
        assert!(matches!(actions[0], ("new", PlanAction::Create { .. })));
        assert_eq!(actions[1], ("same", &PlanAction::Unchanged));
        let PlanAction::ChangeTags { tags } = actions[2].1 else {
            panic!("{:?}", actions[2]);
        };
        assert_eq!(tags.added, vec![tag("B", "new")]);
        assert_eq!(
            tags.changed,
            vec![TagChange {
                key: "A".into(),
                from: "1".into(),
                to: "2".into()
            }]
        );
        assert_eq!(tags.removed, vec![tag("C", "gone")]);
        let PlanAction::Drift { differences } = actions[3].1 else {
            panic!("{:?}", actions[3]);
        };
        let fields: Vec<&str> = differences.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["description", "source"]);
        assert_eq!(plan_kept.items.len(), 4, "no deletion without prune");
        let summary = plan_kept.summary();
        assert_eq!(
            (
                summary.create,
                summary.change_tags,
                summary.unchanged,
                summary.drift
            ),
            (1, 1, 1, 1)
        );

        let pruned = plan(&file, "eu-west-1", &current, true);
        let last = pruned.items.last().unwrap();
        assert_eq!(
            (last.name.as_str(), &last.action),
            ("extra", &PlanAction::Delete)
        );
        assert_eq!(pruned.summary().delete, 1);
    }

    #[test]
    fn a_copy_of_a_cross_region_profile_matches_its_profile_id() {
        let mut profile = aws_profile("x", None, "m1", &[]);
        profile.origin = ProfileOrigin::CrossRegion {
            profile_id: "us.m1".to_owned(),
            geography: Some("US".to_owned()),
        };
        assert!(source_matches("us.m1", &profile));
        assert!(source_matches(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.m1",
            &profile
        ));
        assert!(!source_matches("m1", &profile));
        profile.origin = ProfileOrigin::Unknown;
        profile.models.push(profile.models[0].clone());
        assert!(source_matches("us.m1", &profile));
        assert!(!source_matches("eu.m2", &profile));
    }
}

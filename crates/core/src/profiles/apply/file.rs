//! Reading a profiles file: its shape, every problem of it in one error, and each entry checked
//! as AWS would check the profile it describes.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use super::super::{check_draft, DraftField, FieldProblem, ProfileDraft};
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

pub(super) fn file_error(problems: Vec<String>) -> Error {
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

//! Application inference profiles, their tags and idempotency tokens, per region; optionally
//! persisted to a state file after every mutation, through the configured [`StateWriter`]
//! (by default temp file, fsync, rename, fsync of the folder).

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::catalog::{foundation_model_arn, ModelRef, ProfileJson};
use crate::config::{Seed, StateWriter};
use crate::error::{AwsError, ErrorKind, StartError};
use crate::validate::{self, MAX_TAGS};
use crate::wire::{fnv1a, now_timestamp, Arn, Tag};

const STATE_FORMAT: &str = "bedrock-emulator-state";
const STATE_VERSION: u32 = 1;
const ID_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// One application inference profile. Immutable: changes replace the `Arc`.
#[derive(Clone, Debug)]
pub(crate) struct AppProfile {
    pub seq: u64,
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub model_source: String,
    pub models: Vec<String>,
    pub tags: Vec<Tag>,
    /// Pre-serialised `InferenceProfileSummary` (also the GetInferenceProfile body).
    pub json: String,
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
    /// Bumped by every mutation; the persister writes when it is ahead of what is on disk.
    generation: u64,
}

/// What CreateInferenceProfile asks for, validated and resolved.
#[derive(Debug, Clone)]
pub(crate) struct NewProfile {
    pub name: String,
    pub description: Option<String>,
    pub model_source: String,
    pub models: Vec<String>,
    pub tags: Vec<Tag>,
    pub client_request_token: Option<String>,
}

impl NewProfile {
    fn fingerprint(&self) -> String {
        let mut tags: Vec<(&str, &str)> = self
            .tags
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str()))
            .collect();
        tags.sort_unstable();
        serde_json::to_string(&(&self.name, &self.description, &self.model_source, tags))
            .unwrap_or_default()
    }
}

/// A mutation's outcome: the generation to persist up to (0 when nothing changed).
pub(crate) type Generation = u64;

struct Persister {
    path: PathBuf,
    writer: StateWriter,
    written: tokio::sync::Mutex<u64>,
}

/// All application profiles of all regions.
pub(crate) struct Store {
    account: String,
    inner: RwLock<Inner>,
    persister: Option<Persister>,
}

fn random_id() -> String {
    let mut rng = rand::rng();
    (0..12)
        .map(|_| char::from(ID_ALPHABET[rng.random_range(0..ID_ALPHABET.len())]))
        .collect()
}

fn derived_id(parts: &[&str]) -> String {
    let mut n = fnv1a(parts);
    (0..12)
        .map(|_| {
            let c = ID_ALPHABET[(n % 36) as usize];
            n /= 36;
            if n == 0 {
                n = fnv1a(&[parts.join("/").as_str(), "more"]);
            }
            char::from(c)
        })
        .collect()
}

/// The application profiles `--seed demo` creates in ap-northeast-1 (the user guide's examples).
fn demo_profiles() -> Vec<(&'static str, &'static str, &'static str, Vec<Tag>)> {
    const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
    const SONNET: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    vec![
        (
            "custom-bedrock-profile",
            "Custom Bedrock profile for cost allocation with Claude 3 Haiku",
            HAIKU,
            vec![Tag::new("CostAllocateTag", "custom")],
        ),
        (
            "project-alpha-claude-sonnet",
            "Project Alpha engineering profile with Claude 3.5 Sonnet",
            SONNET,
            vec![
                Tag::new("Project", "Alpha"),
                Tag::new("Department", "Engineering"),
                Tag::new("CostCenter", "CC-1001"),
                Tag::new("Environment", "Production"),
            ],
        ),
        (
            "marketing-team-claude-haiku",
            "Marketing team content generation with Claude 3 Haiku",
            HAIKU,
            vec![
                Tag::new("Department", "Marketing"),
                Tag::new("UseCase", "ContentGeneration"),
                Tag::new("CostCenter", "CC-2001"),
            ],
        ),
        (
            "dev-claude-haiku",
            "Development and testing with Claude 3 Haiku at low cost",
            HAIKU,
            vec![
                Tag::new("Environment", "Development"),
                Tag::new("CostOptimized", "true"),
            ],
        ),
        (
            "prod-claude-sonnet",
            "Production workloads with Claude 3.5 Sonnet for high performance",
            SONNET,
            vec![
                Tag::new("Environment", "Production"),
                Tag::new("HighPerformance", "true"),
            ],
        ),
    ]
}

/// The region the demo profiles live in.
pub const DEMO_REGION: &str = "ap-northeast-1";

fn seeded_inner(seed: Seed, account: &str) -> Inner {
    let mut inner = Inner::default();
    if seed == Seed::Demo {
        let region = inner.regions.entry(DEMO_REGION.to_owned()).or_default();
        for (i, (name, description, model, tags)) in demo_profiles().into_iter().enumerate() {
            let id = derived_id(&[DEMO_REGION, name]);
            let model_arn = foundation_model_arn(DEMO_REGION, model);
            let created = format!("2025-01-15T09:{:02}:00.000000+00:00", i * 7);
            let mut profile = AppProfile {
                seq: inner.next_seq,
                arn: format!(
                    "arn:aws:bedrock:{DEMO_REGION}:{account}:application-inference-profile/{id}"
                ),
                id,
                name: name.to_owned(),
                description: Some(description.to_owned()),
                created_at: created.clone(),
                updated_at: created,
                model_source: model_arn.clone(),
                models: vec![model_arn],
                tags,
                json: String::new(),
            };
            profile.json = profile_json(&profile);
            inner.next_seq += 1;
            region.insert(profile);
        }
    }
    inner
}

// --- the state file ---

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StateFile {
    format: String,
    version: u32,
    account_id: String,
    regions: BTreeMap<String, RegionFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RegionFile {
    profiles: Vec<ProfileFile>,
    #[serde(default)]
    client_request_tokens: Vec<TokenRecord>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProfileFile {
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

fn snapshot(inner: &Inner, account: &str) -> StateFile {
    let mut regions = BTreeMap::new();
    for (name, region) in &inner.regions {
        if region.by_seq.is_empty() && region.tokens.is_empty() {
            continue;
        }
        let profiles = region
            .by_seq
            .values()
            .map(|p| ProfileFile {
                id: p.id.clone(),
                name: p.name.clone(),
                description: p.description.clone(),
                created_at: p.created_at.clone(),
                updated_at: p.updated_at.clone(),
                model_source: p.model_source.clone(),
                models: p.models.clone(),
                tags: p.tags.clone(),
            })
            .collect();
        let mut tokens: Vec<TokenRecord> = region.tokens.values().cloned().collect();
        tokens.sort_by(|a, b| a.token.cmp(&b.token));
        regions.insert(
            name.clone(),
            RegionFile {
                profiles,
                client_request_tokens: tokens,
            },
        );
    }
    StateFile {
        format: STATE_FORMAT.into(),
        version: STATE_VERSION,
        account_id: account.to_owned(),
        regions,
    }
}

fn load_state(path: &Path, text: &str, account: &str) -> Result<Inner, StartError> {
    let corrupt = |reason: String| StartError::CorruptState {
        path: path.to_owned(),
        reason,
    };
    let file: StateFile =
        serde_json::from_str(text).map_err(|e| corrupt(format!("not valid state JSON: {e}")))?;
    if file.format != STATE_FORMAT {
        return Err(corrupt(format!(
            "format is {:?}, expected {STATE_FORMAT:?}",
            file.format
        )));
    }
    if file.version != STATE_VERSION {
        return Err(corrupt(format!(
            "version {} is not supported (expected {STATE_VERSION})",
            file.version
        )));
    }
    if file.account_id != account {
        return Err(StartError::Config(format!(
            "the state file {} belongs to account {}, not {account}",
            path.display(),
            file.account_id
        )));
    }
    let mut inner = Inner::default();
    for (region_name, region_file) in file.regions {
        if region_name.is_empty()
            || !region_name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(corrupt(format!("{region_name:?} is not a region name")));
        }
        let region = inner.regions.entry(region_name.clone()).or_default();
        for p in region_file.profiles {
            let id_ok = p.id.len() == 12 && p.id.bytes().all(|b| ID_ALPHABET.contains(&b));
            if !id_ok {
                return Err(corrupt(format!(
                    "profile id {:?} is not 12 lowercase alphanumerics",
                    p.id
                )));
            }
            if !validate::is_valid_profile_name(&p.name) {
                return Err(corrupt(format!("profile name {:?} is not valid", p.name)));
            }
            if region.by_id.contains_key(&p.id) || region.by_name.contains_key(&p.name) {
                return Err(corrupt(format!(
                    "profile {} ({}) appears twice in {region_name}",
                    p.name, p.id
                )));
            }
            if p.models.is_empty() || p.tags.len() > MAX_TAGS {
                return Err(corrupt(format!(
                    "profile {} has no models or too many tags",
                    p.name
                )));
            }
            let mut profile = AppProfile {
                seq: inner.next_seq,
                arn: format!(
                    "arn:aws:bedrock:{region_name}:{account}:application-inference-profile/{}",
                    p.id
                ),
                id: p.id,
                name: p.name,
                description: p.description,
                created_at: p.created_at,
                updated_at: p.updated_at,
                model_source: p.model_source,
                models: p.models,
                tags: p.tags,
                json: String::new(),
            };
            profile.json = profile_json(&profile);
            inner.next_seq += 1;
            region.insert(profile);
        }
        for token in region_file.client_request_tokens {
            region.tokens.insert(token.token.clone(), token);
        }
    }
    Ok(inner)
}

/// The emulator's own durable write: a crash leaves the old state file or the new one. The app
/// that embeds the emulator passes its own helper instead (the emulator depends on none of its
/// crates), so this copy exists for the emulator binary and its tests.
pub(crate) fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let tmp = path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        // The rename lives in the folder's entry: without this a crash can bring the old file back.
        #[cfg(unix)]
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// How ListInferenceProfiles continues after a page.
pub(crate) enum PageEnd {
    Done,
    After(u64),
}

impl Store {
    /// Loads the state file when it exists, otherwise starts from `seed`.
    pub fn open(
        seed: Seed,
        account: &str,
        state_file: Option<&Path>,
        writer: StateWriter,
    ) -> Result<Self, StartError> {
        let inner = match state_file {
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => load_state(path, &text, account)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => seeded_inner(seed, account),
                Err(source) => {
                    return Err(StartError::ReadState {
                        path: path.to_owned(),
                        source,
                    })
                }
            },
            None => seeded_inner(seed, account),
        };
        Ok(Self {
            account: account.to_owned(),
            inner: RwLock::new(inner),
            persister: state_file.map(|path| Persister {
                path: path.to_owned(),
                writer,
                written: tokio::sync::Mutex::new(0),
            }),
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

    /// Writes the state file if it is behind `generation`. Concurrent callers share one write.
    pub async fn persist(&self, generation: Generation) -> Result<(), AwsError> {
        let Some(persister) = &self.persister else {
            return Ok(());
        };
        if generation == 0 {
            return Ok(());
        }
        let mut written = persister.written.lock().await;
        if *written >= generation {
            return Ok(());
        }
        let (bytes, now) = {
            let inner = self.read();
            (
                serde_json::to_vec_pretty(&snapshot(&inner, &self.account)),
                inner.generation,
            )
        };
        let bytes =
            bytes.map_err(|e| AwsError::new(ErrorKind::InternalServerException, e.to_string()))?;
        let path = persister.path.clone();
        let writer = persister.writer.clone();
        let result = tokio::task::spawn_blocking(move || writer.write(&path, &bytes)).await;
        match result {
            Ok(Ok(())) => {
                *written = now;
                Ok(())
            }
            Ok(Err(e)) => {
                tracing::error!(target: "bedrock_emulator::state", path = %persister.path.display(), error = %e, "state file write failed");
                Err(AwsError::new(
                    ErrorKind::InternalServerException,
                    "The service could not save the change.",
                ))
            }
            Err(e) => {
                tracing::error!(target: "bedrock_emulator::state", error = %e, "state writer panicked");
                Err(AwsError::new(
                    ErrorKind::InternalServerException,
                    "The service could not save the change.",
                ))
            }
        }
    }

    /// Back to the seed (everything else forgotten); returns the generation to persist.
    pub fn reset(&self, seed: Seed) -> Generation {
        let mut inner = self.write();
        let generation = inner.generation + 1;
        let next_seq = inner.next_seq;
        *inner = seeded_inner(seed, &self.account);
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

    /// Appends one page of `region`'s profiles after sequence `after` to `out` (comma-separated
    /// JSON objects) and says whether more follow.
    pub fn write_page(
        &self,
        region: &str,
        after: Option<u64>,
        limit: usize,
        out: &mut String,
    ) -> PageEnd {
        let inner = self.read();
        let Some(region) = inner.regions.get(region) else {
            return PageEnd::Done;
        };
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        let mut iter = region.by_seq.range((start, Bound::Unbounded));
        let mut last = None;
        for (i, (seq, profile)) in iter.by_ref().take(limit).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&profile.json);
            last = Some(*seq);
        }
        match (iter.next(), last) {
            (Some(_), Some(last)) => PageEnd::After(last),
            _ => PageEnd::Done,
        }
    }

    /// The profile with this id or ARN in `region`.
    pub fn get(&self, region: &str, identifier: &str) -> Option<Arc<AppProfile>> {
        let id = self.id_in_region(region, identifier)?;
        let inner = self.read();
        let region = inner.regions.get(region)?;
        region
            .by_id
            .get(id)
            .and_then(|seq| region.by_seq.get(seq))
            .cloned()
    }

    /// The bare id of an id or an application-profile ARN of this region and account.
    fn id_in_region<'a>(&self, region: &str, identifier: &'a str) -> Option<&'a str> {
        if identifier.starts_with("arn:") {
            let arn = Arn::parse(identifier)?;
            (arn.region == region
                && arn.account == self.account
                && arn.resource_type == "application-inference-profile")
                .then_some(arn.resource_id)
        } else {
            Some(identifier)
        }
    }

    /// Creates a profile (or returns the one an idempotent retry created): its ARN.
    pub fn create(
        &self,
        region_name: &str,
        new: NewProfile,
    ) -> Result<(String, Generation), AwsError> {
        if new.tags.len() > MAX_TAGS {
            return Err(too_many_tags(&new.name));
        }
        let fingerprint = new.fingerprint();
        let now = now_timestamp();
        let mut inner = self.write();
        let seq = inner.next_seq;
        let region = inner.regions.entry(region_name.to_owned()).or_default();
        if let Some(token) = &new.client_request_token {
            if let Some(record) = region.tokens.get(token) {
                if record.fingerprint == fingerprint {
                    return Ok((record.arn.clone(), 0));
                }
                return Err(AwsError::new(
                    ErrorKind::ConflictException,
                    "The clientRequestToken was already used for a request with different parameters.",
                ));
            }
        }
        if region.by_name.contains_key(&new.name) {
            return Err(AwsError::new(
                ErrorKind::ConflictException,
                format!(
                    "An inference profile with the name {} already exists.",
                    new.name
                ),
            ));
        }
        let mut id = random_id();
        while region.by_id.contains_key(&id) {
            id = random_id();
        }
        let arn = format!(
            "arn:aws:bedrock:{region_name}:{}:application-inference-profile/{id}",
            self.account
        );
        let mut profile = AppProfile {
            seq,
            id,
            arn: arn.clone(),
            name: new.name,
            description: new.description,
            created_at: now.clone(),
            updated_at: now,
            model_source: new.model_source,
            models: new.models,
            tags: new.tags,
            json: String::new(),
        };
        profile.json = profile_json(&profile);
        region.insert(profile);
        if let Some(token) = new.client_request_token {
            region.tokens.insert(
                token.clone(),
                TokenRecord {
                    token,
                    fingerprint,
                    arn: arn.clone(),
                },
            );
        }
        inner.next_seq += 1;
        inner.generation += 1;
        Ok((arn, inner.generation))
    }

    /// Deletes the profile with this id or ARN.
    pub fn delete(&self, region_name: &str, identifier: &str) -> Result<Generation, AwsError> {
        let not_found = || profile_not_found(identifier);
        let id = self
            .id_in_region(region_name, identifier)
            .ok_or_else(not_found)?;
        let mut inner = self.write();
        let region = inner.regions.get_mut(region_name).ok_or_else(not_found)?;
        let seq = region.by_id.remove(id).ok_or_else(not_found)?;
        if let Some(profile) = region.by_seq.remove(&seq) {
            region.by_name.remove(&profile.name);
        }
        inner.generation += 1;
        Ok(inner.generation)
    }

    /// The tags of the profile with this ARN.
    pub fn tags(&self, region: &str, arn: &str) -> Result<Vec<Tag>, AwsError> {
        self.get(region, arn)
            .map(|p| p.tags.clone())
            .ok_or_else(|| resource_not_found(arn))
    }

    /// Adds or overwrites tags on the profile with this ARN.
    pub fn tag(
        &self,
        region_name: &str,
        arn: &str,
        tags: Vec<Tag>,
    ) -> Result<Generation, AwsError> {
        self.update_tags(region_name, arn, |current| {
            for tag in tags {
                match current.iter_mut().find(|t| t.key == tag.key) {
                    Some(existing) => existing.value = tag.value,
                    None => current.push(tag),
                }
            }
            if current.len() > MAX_TAGS {
                return Err(too_many_tags(arn));
            }
            Ok(())
        })
    }

    /// Removes tags (absent keys are ignored) from the profile with this ARN.
    pub fn untag(
        &self,
        region_name: &str,
        arn: &str,
        keys: &[String],
    ) -> Result<Generation, AwsError> {
        self.update_tags(region_name, arn, |current| {
            current.retain(|t| !keys.contains(&t.key));
            Ok(())
        })
    }

    fn update_tags(
        &self,
        region_name: &str,
        arn: &str,
        change: impl FnOnce(&mut Vec<Tag>) -> Result<(), AwsError>,
    ) -> Result<Generation, AwsError> {
        let id = self
            .id_in_region(region_name, arn)
            .filter(|_| arn.starts_with("arn:"));
        let id = id.ok_or_else(|| resource_not_found(arn))?;
        let mut inner = self.write();
        let region = inner
            .regions
            .get_mut(region_name)
            .ok_or_else(|| resource_not_found(arn))?;
        let seq = *region
            .by_id
            .get(id)
            .ok_or_else(|| resource_not_found(arn))?;
        let profile = region
            .by_seq
            .get_mut(&seq)
            .ok_or_else(|| resource_not_found(arn))?;
        let mut tags = profile.tags.clone();
        change(&mut tags)?;
        Arc::make_mut(profile).tags = tags;
        inner.generation += 1;
        Ok(inner.generation)
    }
}

fn too_many_tags(resource: &str) -> AwsError {
    AwsError {
        kind: ErrorKind::TooManyTagsException,
        message: format!("Tag limit of {MAX_TAGS} exceeded for resource {resource}."),
        resource_name: Some(resource.to_owned()),
    }
}

pub(crate) fn profile_not_found(identifier: &str) -> AwsError {
    AwsError::not_found(format!("Inference profile {identifier} not found."))
}

fn resource_not_found(arn: &str) -> AwsError {
    AwsError::not_found(format!("The resource {arn} was not found."))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn demo_ids_are_stable_and_well_formed() {
        let a = derived_id(&["ap-northeast-1", "dev-claude-haiku"]);
        assert_eq!(a, derived_id(&["ap-northeast-1", "dev-claude-haiku"]));
        assert_eq!(a.len(), 12);
        assert!(a.bytes().all(|b| ID_ALPHABET.contains(&b)));
        for (_, description, _, tags) in demo_profiles() {
            assert!(validate::is_valid_description(description), "{description}");
            assert!(tags
                .iter()
                .all(|t| validate::is_valid_tag_key(&t.key)
                    && validate::is_valid_tag_value(&t.value)));
        }
    }

    #[test]
    fn pages_follow_sequence_order() {
        let store = Store::open(Seed::Demo, "123456789012", None, StateWriter::default()).unwrap();
        let mut out = String::new();
        let PageEnd::After(after) = store.write_page(DEMO_REGION, None, 2, &mut out) else {
            panic!("expected more")
        };
        assert!(
            out.contains("custom-bedrock-profile") && out.contains("project-alpha-claude-sonnet")
        );
        let mut rest = String::new();
        assert!(matches!(
            store.write_page(DEMO_REGION, Some(after), 10, &mut rest),
            PageEnd::Done
        ));
        assert_eq!(rest.matches("inferenceProfileArn").count(), 3);
    }
}

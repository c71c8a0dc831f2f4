//! The state file: what of the store it holds, how it is read back at start (a corrupt file stops
//! the start and is never overwritten) and how it is written after a mutation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{
    AlarmRecord, BudgetRecord, Generation, Inner, ProfileRecord, Store, TagActivation, TokenRecord,
    ID_ALPHABET,
};
use crate::config::StateWriter;
use crate::costs::CostRecord;
use crate::error::{AwsError, ErrorKind, StartError};
use crate::validate::{self, MAX_TAGS};

const STATE_FORMAT: &str = "bedrock-emulator-state";
const STATE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StateFile {
    format: String,
    version: u32,
    account_id: String,
    regions: BTreeMap<String, RegionFile>,
    /// Absent in files written before costs were recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    cost_records: Vec<CostRecord>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    cost_allocation_tags: BTreeMap<String, TagActivation>,
    /// Absent in files written before budgets were served.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    budgets: Vec<BudgetRecord>,
    /// CloudWatch alarms by region; absent in files written before alarms were served.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    alarms: BTreeMap<String, Vec<AlarmRecord>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RegionFile {
    profiles: Vec<ProfileRecord>,
    #[serde(default)]
    client_request_tokens: Vec<TokenRecord>,
}

/// Where the state goes and how far it has been written.
pub(super) struct Persister {
    path: PathBuf,
    writer: StateWriter,
    written: tokio::sync::Mutex<u64>,
}

impl Persister {
    pub(super) fn new(path: &Path, writer: StateWriter) -> Self {
        Self {
            path: path.to_owned(),
            writer,
            written: tokio::sync::Mutex::new(0),
        }
    }
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
            .map(|p| ProfileRecord {
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
        cost_records: inner.costs.clone(),
        cost_allocation_tags: inner.cost_tags.clone(),
        budgets: inner.budgets.values().cloned().collect(),
        alarms: inner
            .alarms
            .iter()
            .map(|(region, alarms)| (region.clone(), alarms.values().cloned().collect()))
            .collect(),
    }
}

/// The store that `text`, the contents of the state file at `path`, describes.
pub(super) fn load_state(path: &Path, text: &str, account: &str) -> Result<Inner, StartError> {
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
            let region = inner.regions.entry(region_name.clone()).or_default();
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
            inner.insert(&region_name, account, p);
        }
        let region = inner.regions.entry(region_name).or_default();
        for token in region_file.client_request_tokens {
            region.tokens.insert(token.token.clone(), token);
        }
    }
    inner.costs = file.cost_records;
    inner.cost_tags = file.cost_allocation_tags;
    for budget in file.budgets {
        if budget.name.is_empty() || inner.budgets.contains_key(&budget.name) {
            return Err(corrupt(format!(
                "budget {:?} is unnamed or appears twice",
                budget.name
            )));
        }
        inner.budgets.insert(budget.name.clone(), budget);
    }
    for (region, alarms) in file.alarms {
        let by_name = inner.alarms.entry(region.clone()).or_default();
        for alarm in alarms {
            if alarm.name.is_empty() || by_name.contains_key(&alarm.name) {
                return Err(corrupt(format!(
                    "alarm {:?} is unnamed or appears twice in {region}",
                    alarm.name
                )));
            }
            by_name.insert(alarm.name.clone(), alarm);
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

impl Store {
    /// Writes the state file if it is behind `generation`. Concurrent callers share one write.
    pub(crate) async fn persist(&self, generation: Generation) -> Result<(), AwsError> {
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
}

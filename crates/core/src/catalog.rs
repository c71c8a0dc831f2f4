//! The catalog: every foundation model, system-defined (cross-region) inference profile and, when
//! the setting is on, application inference profile (AIP) of a region, merged into `ModelEntry`s.
//!
//! One load runs ListFoundationModels, ListInferenceProfiles(SYSTEM_DEFINED) and
//! ListInferenceProfiles(APPLICATION) concurrently and follows every page. An AIP resolves its
//! underlying foundation model(s) from `models[].modelArn` and inherits their provider and
//! capabilities. Tags come afterwards ([`fetch_tags`]) so that they never delay the list.
//!
//! One failing listing does not hide the others: its error is kept on its section
//! ([`Catalog::section_errors`]) and the rest is listed; only when every listing fails does the
//! load fail. A listing whose `nextToken` repeats, or that passes [`MAX_PAGES`] pages, stops with
//! an error instead of looping.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use aws_sdk_bedrock::types::{
    FoundationModelSummary, InferenceProfileSummary, InferenceProfileType, InferenceType,
    ModelModality,
};
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::aws::{context, Target};
use crate::error::{Error, ErrorKind, Result};

/// Tracing target for inference-profile activity (shown as `[inference-profile]` in the console).
pub const LOG_TARGET: &str = "inference_profile";

/// The largest page ListInferenceProfiles allows.
pub const MAX_PAGE_SIZE: i32 = 1000;

/// The most pages one listing follows (100,000 profiles at the largest page size) before it stops
/// with an error: a listing that goes on longer is looping.
pub const MAX_PAGES: u32 = 100;

/// ListTagsForResource calls in flight at once.
pub const TAG_CONCURRENCY: usize = 8;

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
    /// `ACTIVE`, `LEGACY` …
    pub status: String,
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

/// What to load.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// List application inference profiles too (the "Enable Inference Profiles" setting).
    pub application_profiles: bool,
    /// `maxResults` per ListInferenceProfiles page (1–1000).
    pub page_size: i32,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            application_profiles: false,
            page_size: MAX_PAGE_SIZE,
        }
    }
}

impl Catalog {
    /// Loads the catalog of `target`'s region through `client` (see the module docs).
    pub async fn load(
        client: &aws_sdk_bedrock::Client,
        target: &Target,
        options: LoadOptions,
    ) -> Result<Catalog> {
        if !(1..=MAX_PAGE_SIZE).contains(&options.page_size) {
            return Err(Error::validation(format!(
                "The page size must be between 1 and {MAX_PAGE_SIZE}, not {}.",
                options.page_size
            )));
        }
        let started = Instant::now();
        let foundation = list_foundation_models(client, target);
        let system = list_profiles(
            client,
            target,
            InferenceProfileType::SystemDefined,
            options.page_size,
        );
        let application = async {
            if options.application_profiles {
                list_profiles(
                    client,
                    target,
                    InferenceProfileType::Application,
                    options.page_size,
                )
                .await
            } else {
                Ok((Vec::new(), 0))
            }
        };
        let (foundation, system, application) = tokio::join!(foundation, system, application);
        let mut section_errors = Vec::new();
        let (foundation, _) = listed_or_noted(
            target,
            CatalogSection::FoundationModels,
            foundation.map(|models| (models, 1)),
            &mut section_errors,
        );
        let (system, system_pages) = listed_or_noted(
            target,
            CatalogSection::SystemProfiles,
            system,
            &mut section_errors,
        );
        let (application, application_pages) = listed_or_noted(
            target,
            CatalogSection::ApplicationProfiles,
            application,
            &mut section_errors,
        );
        let requested = 2 + usize::from(options.application_profiles);
        if section_errors.len() == requested {
            // Nothing listed at all: the whole list's error, as before (the first listing's).
            tracing::warn!(target: LOG_TARGET, region = %target.region, "catalog load failed");
            return Err(section_errors.remove(0).error);
        }
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let stats = CatalogStats {
            foundation_models: count(foundation.len()),
            system_profiles: count(system.len()),
            application_profiles: count(application.len()),
            pages: 1 + system_pages + application_pages,
            elapsed_ms,
        };
        if options.application_profiles {
            tracing::info!(
                target: LOG_TARGET,
                region = %target.region,
                count = stats.application_profiles,
                pages = application_pages,
                elapsed_ms,
                "loaded application inference profiles"
            );
        } else {
            tracing::info!(
                target: LOG_TARGET,
                region = %target.region,
                "application inference profiles not listed: the setting is off"
            );
        }
        let entries = merge(&target.region, &foundation, &system, &application);
        Ok(Catalog {
            region: target.region.clone(),
            application_profiles_included: options.application_profiles,
            entries,
            loaded_at_ms: now_ms(),
            stats,
            section_errors,
        })
    }

    /// The error of `section`'s listing, when it failed while the others loaded.
    pub fn section_error(&self, section: CatalogSection) -> Option<&Error> {
        self.section_errors
            .iter()
            .find(|s| s.section == section)
            .map(|s| &s.error)
    }

    /// The ARNs of the application profiles, whose tags [`fetch_tags`] can fetch.
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

/// What a listing returned, or nothing with its error noted on its section.
fn listed_or_noted<T>(
    target: &Target,
    section: CatalogSection,
    result: Result<(Vec<T>, u32)>,
    errors: &mut Vec<SectionError>,
) -> (Vec<T>, u32) {
    match result {
        Ok(listed) => listed,
        Err(error) => {
            tracing::warn!(
                target: LOG_TARGET,
                region = %target.region,
                section = ?section,
                kind = ?error.kind(),
                error = %error,
                "a catalog listing failed; the other listings are still shown"
            );
            errors.push(SectionError { section, error });
            (Vec::new(), 0)
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

async fn list_foundation_models(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
) -> Result<Vec<FoundationModelSummary>> {
    // ListFoundationModels has no pagination: one call returns the region's whole list.
    let out = client.list_foundation_models().send().await.map_err(|e| {
        Error::from_sdk(
            &e,
            context(
                target,
                "ListFoundationModels",
                "bedrock:ListFoundationModels",
            ),
        )
    })?;
    Ok(out.model_summaries().to_vec())
}

/// Every page of ListInferenceProfiles of one type; returns the profiles and the page count.
async fn list_profiles(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    kind: InferenceProfileType,
    page_size: i32,
) -> Result<(Vec<InferenceProfileSummary>, u32)> {
    let mut profiles = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0u32;
    let mut seen_tokens: HashSet<String> = HashSet::new();
    loop {
        if pages == MAX_PAGES {
            return Err(endless_listing(
                &kind,
                format!("it returned more than {MAX_PAGES} pages"),
            ));
        }
        // Without `type`, AWS lists only SYSTEM_DEFINED profiles: always pass it.
        let out = client
            .list_inference_profiles()
            .type_equals(kind.clone())
            .max_results(page_size)
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|e| {
                Error::from_sdk(
                    &e,
                    context(
                        target,
                        "ListInferenceProfiles",
                        "bedrock:ListInferenceProfiles",
                    ),
                )
            })?;
        pages += 1;
        profiles.extend_from_slice(out.inference_profile_summaries());
        match out.next_token() {
            Some(token) if !token.is_empty() => {
                if !seen_tokens.insert(token.to_owned()) {
                    return Err(endless_listing(
                        &kind,
                        format!("its nextToken repeated after {pages} pages"),
                    ));
                }
                next = Some(token.to_owned());
            }
            _ => break,
        }
    }
    tracing::debug!(target: LOG_TARGET, region = %target.region, r#type = kind.as_str(), count = profiles.len(), pages, "listed inference profiles");
    Ok((profiles, pages))
}

/// The error of a listing that would never end (`why`: the token repeated, too many pages).
fn endless_listing(kind: &InferenceProfileType, why: String) -> Error {
    Error::new(
        ErrorKind::Internal,
        format!(
            "ListInferenceProfiles({}) was stopped: {why}, so the listing would never end.",
            kind.as_str()
        ),
    )
    .with_hint("This is a fault on Bedrock's side (or the endpoint's); retry later, and report it if it stays.")
}

/// Fetches the tags of `arns` with at most [`TAG_CONCURRENCY`] calls in flight.
/// Each ARN gets its own result, so one failure does not hide the other profiles' tags.
pub async fn fetch_tags(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    arns: Vec<String>,
) -> Vec<(String, Result<Vec<Tag>>)> {
    let started = Instant::now();
    let total = arns.len();
    let results: Vec<(String, Result<Vec<Tag>>)> = stream::iter(arns)
        .map(|arn| async move {
            let result = client
                .list_tags_for_resource()
                .resource_arn(&arn)
                .send()
                .await
                .map(|out| {
                    out.tags()
                        .iter()
                        .map(|t| Tag {
                            key: t.key().to_owned(),
                            value: t.value().to_owned(),
                        })
                        .collect()
                })
                .map_err(|e| {
                    Error::from_sdk(
                        &e,
                        context(target, "ListTagsForResource", "bedrock:ListTagsForResource"),
                    )
                });
            (arn, result)
        })
        .buffer_unordered(TAG_CONCURRENCY)
        .collect()
        .await;
    let failed: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(arn, _)| arn.as_str())
        .collect();
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if failed.is_empty() {
        tracing::info!(target: LOG_TARGET, region = %target.region, count = total, elapsed_ms, "loaded profile tags");
    } else {
        let first_error = results
            .iter()
            .find_map(|(_, r)| r.as_ref().err())
            .map(|e| e.to_string())
            .unwrap_or_default();
        tracing::warn!(
            target: LOG_TARGET,
            region = %target.region,
            count = total,
            failed = failed.len(),
            profile_arns = ?failed,
            error = %first_error,
            elapsed_ms,
            "some profile tags could not be loaded"
        );
    }
    results
}

/// Parses a foundation-model ARN `arn:aws:bedrock:REGION::foundation-model/MODEL_ID`.
pub fn parse_foundation_model_arn(arn: &str) -> Option<(String, String)> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some("bedrock"), Some(region), Some(_account), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let model_id = rest.strip_prefix("foundation-model/")?;
    Some((region.to_owned(), model_id.to_owned()))
}

/// The geography a system-defined profile id routes within, from its prefix (`us.` → `US`).
pub fn geography_of(profile_id: &str) -> Option<String> {
    let prefix = profile_id.split('.').next()?;
    let name = match prefix {
        "us" => "US",
        "eu" => "EU",
        "apac" => "APAC",
        "global" => "Global",
        "us-gov" => "US GovCloud",
        "jp" => "Japan",
        "au" => "Australia",
        "ca" => "Canada",
        _ => return None,
    };
    Some(name.to_owned())
}

/// The provider of a model id from its prefix, for models a region's list does not carry.
fn provider_from_model_id(model_id: &str) -> Option<String> {
    let prefix = model_id.split('.').next()?;
    let name = match prefix {
        "anthropic" => "Anthropic",
        "amazon" => "Amazon",
        "meta" => "Meta",
        "mistral" => "Mistral AI",
        "cohere" => "Cohere",
        "ai21" => "AI21 Labs",
        "deepseek" => "DeepSeek",
        "openai" => "OpenAI",
        "qwen" => "Qwen",
        "writer" => "Writer",
        "stability" => "Stability AI",
        _ => return None,
    };
    Some(name.to_owned())
}

/// Whether Converse tool use works with a model, where Strata knows it.
fn tool_use_of(model_id: &str) -> Option<bool> {
    let id = model_id;
    if id.starts_with("anthropic.claude-3")
        || id.starts_with("anthropic.claude-sonnet")
        || id.starts_with("anthropic.claude-opus")
        || id.starts_with("anthropic.claude-haiku")
        || id.starts_with("amazon.nova")
        || id.starts_with("cohere.command-r")
        || id.starts_with("mistral.mistral-large")
        || id.starts_with("meta.llama3-1")
        || id.starts_with("meta.llama3-2-11b")
        || id.starts_with("meta.llama3-2-90b")
        || id.starts_with("meta.llama3-3")
        || id.starts_with("meta.llama4")
    {
        Some(true)
    } else if id.starts_with("amazon.titan")
        || id.starts_with("anthropic.claude-v2")
        || id.starts_with("anthropic.claude-instant")
        || id.starts_with("meta.llama2")
        || id.starts_with("meta.llama3-8b")
        || id.starts_with("meta.llama3-70b")
    {
        Some(false)
    } else {
        None
    }
}

fn capabilities_of(model: &FoundationModelSummary) -> Capabilities {
    Capabilities {
        text_output: model.output_modalities().contains(&ModelModality::Text),
        streaming: model.response_streaming_supported().unwrap_or(false),
        image_input: model.input_modalities().contains(&ModelModality::Image),
        tool_use: tool_use_of(model.model_id()),
        on_demand: model
            .inference_types_supported()
            .contains(&InferenceType::OnDemand),
    }
}

/// Merges the three lists into sorted entries (see [`Catalog::entries`]).
pub fn merge(
    region: &str,
    foundation: &[FoundationModelSummary],
    system: &[InferenceProfileSummary],
    application: &[InferenceProfileSummary],
) -> Vec<ModelEntry> {
    let by_id: HashMap<&str, &FoundationModelSummary> =
        foundation.iter().map(|m| (m.model_id(), m)).collect();
    let mut entries = Vec::with_capacity(foundation.len() + system.len() + application.len());

    for m in foundation {
        entries.push(ModelEntry {
            id: m.model_id().to_owned(),
            kind: EntryKind::Foundation,
            name: m.model_name().unwrap_or(m.model_id()).to_owned(),
            description: None,
            provider: m
                .provider_name()
                .map(str::to_owned)
                .or_else(|| provider_from_model_id(m.model_id())),
            arn: m.model_arn().to_owned(),
            region: region.to_owned(),
            underlying_models: Vec::new(),
            base_model_name: None,
            geography: None,
            capabilities: capabilities_of(m),
            tags: None,
            status: m
                .model_lifecycle()
                .map(|l| l.status().as_str().to_owned())
                .unwrap_or_else(|| "ACTIVE".to_owned()),
        });
    }
    for (profiles, kind) in [
        (system, EntryKind::SystemProfile),
        (application, EntryKind::ApplicationProfile),
    ] {
        for p in profiles {
            entries.push(profile_entry(region, p, kind, &by_id));
        }
    }
    entries.sort_by_cached_key(sort_key);
    entries
}

fn sort_key(e: &ModelEntry) -> (u8, String, u8, String) {
    let group = u8::from(e.kind != EntryKind::ApplicationProfile);
    let kind = match e.kind {
        EntryKind::ApplicationProfile | EntryKind::Foundation => 0,
        EntryKind::SystemProfile => 1,
    };
    (
        group,
        e.provider.clone().unwrap_or_default().to_lowercase(),
        kind,
        e.name.to_lowercase(),
    )
}

fn profile_entry(
    region: &str,
    p: &InferenceProfileSummary,
    kind: EntryKind,
    models: &HashMap<&str, &FoundationModelSummary>,
) -> ModelEntry {
    let underlying: Vec<UnderlyingModel> = p
        .models()
        .iter()
        .filter_map(|m| m.model_arn())
        .filter_map(|arn| {
            let (model_region, model_id) = parse_foundation_model_arn(arn)?;
            Some(UnderlyingModel {
                arn: arn.to_owned(),
                name: models
                    .get(model_id.as_str())
                    .and_then(|m| m.model_name())
                    .map(str::to_owned),
                model_id,
                region: model_region,
            })
        })
        .collect();
    // The model in this region if the profile routes here, otherwise the first one listed.
    let primary = underlying
        .iter()
        .find(|u| u.region == region)
        .or_else(|| underlying.first());
    let base = primary.and_then(|u| models.get(u.model_id.as_str()).copied());
    let mut capabilities = base.map(capabilities_of).unwrap_or_else(|| Capabilities {
        text_output: true,
        streaming: true,
        image_input: false,
        tool_use: primary.and_then(|u| tool_use_of(&u.model_id)),
        on_demand: true,
    });
    // A profile is itself the way to call the model on demand.
    capabilities.on_demand = true;
    let provider = base
        .and_then(|m| m.provider_name().map(str::to_owned))
        .or_else(|| primary.and_then(|u| provider_from_model_id(&u.model_id)));
    let id = match kind {
        EntryKind::ApplicationProfile => p.inference_profile_arn().to_owned(),
        _ => p.inference_profile_id().to_owned(),
    };
    ModelEntry {
        id,
        kind,
        name: p.inference_profile_name().to_owned(),
        description: p
            .description()
            .filter(|d| !d.trim().is_empty())
            .map(str::to_owned),
        provider,
        arn: p.inference_profile_arn().to_owned(),
        region: region.to_owned(),
        base_model_name: primary.and_then(|u| u.name.clone()),
        geography: match kind {
            EntryKind::SystemProfile => geography_of(p.inference_profile_id()),
            _ => None,
        },
        underlying_models: underlying,
        capabilities,
        tags: None,
        status: p.status().as_str().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foundation_model_arns_parse() {
        assert_eq!(
            parse_foundation_model_arn(
                "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            ),
            Some((
                "ap-northeast-1".to_owned(),
                "anthropic.claude-3-haiku-20240307-v1:0".to_owned()
            ))
        );
        assert_eq!(
            parse_foundation_model_arn(
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x"
            ),
            None
        );
        assert_eq!(parse_foundation_model_arn("not an arn"), None);
    }

    #[test]
    fn geographies_come_from_the_id_prefix() {
        assert_eq!(
            geography_of("us.anthropic.claude-3-haiku-20240307-v1:0").as_deref(),
            Some("US")
        );
        assert_eq!(
            geography_of("apac.amazon.nova-lite-v1:0").as_deref(),
            Some("APAC")
        );
        assert_eq!(
            geography_of("global.anthropic.claude-sonnet-4-20250514-v1:0").as_deref(),
            Some("Global")
        );
        assert_eq!(geography_of("anthropic.claude").as_deref(), None);
    }
}

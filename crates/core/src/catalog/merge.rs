//! Merging the three listings into sorted picker entries, and putting one application profile
//! into a loaded catalog (or taking it out) by the same rules.

use std::collections::HashMap;

use aws_sdk_bedrock::types::{
    FoundationModelSummary, InferenceProfileSummary, InferenceType, ModelModality,
};

use super::known::{geography_of, parse_foundation_model_arn, provider_from_model_id, tool_use_of};
use super::{Capabilities, Catalog, EntryKind, EntryStatus, ModelEntry, UnderlyingModel};
use crate::profiles::{Profile, ProfileType};

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
pub(super) fn merge(
    region: &str,
    foundation: &[FoundationModelSummary],
    system: &[InferenceProfileSummary],
    application: &[InferenceProfileSummary],
) -> Vec<ModelEntry> {
    let mut entries = Vec::with_capacity(foundation.len() + system.len() + application.len());
    entries.extend(foundation.iter().map(|m| foundation_entry(region, m)));
    // Profiles inherit from the foundation entries just made, as an in-place update does from
    // the catalog's (`Catalog::upsert_application_profile`): one set of rules for both.
    let mut profiles = Vec::with_capacity(system.len() + application.len());
    {
        let models = foundation_models(&entries);
        for (listed, kind) in [
            (system, EntryKind::SystemProfile),
            (application, EntryKind::ApplicationProfile),
        ] {
            for p in listed {
                let facts = ProfileFacts {
                    id: p.inference_profile_id(),
                    arn: p.inference_profile_arn(),
                    name: p.inference_profile_name(),
                    description: p.description(),
                    status: EntryStatus::from_bedrock(p.status().as_str()),
                    model_arns: p.models().iter().filter_map(|m| m.model_arn()).collect(),
                };
                profiles.push(profile_entry(region, &facts, kind, &models));
            }
        }
    }
    entries.extend(profiles);
    entries.sort_by_cached_key(sort_key);
    entries
}

fn foundation_entry(region: &str, m: &FoundationModelSummary) -> ModelEntry {
    ModelEntry {
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
            .map(|l| EntryStatus::from_bedrock(l.status().as_str()))
            .unwrap_or(EntryStatus::Active),
    }
}

/// The foundation-model entries of a catalog by model id: what profiles inherit from.
fn foundation_models(entries: &[ModelEntry]) -> HashMap<&str, &ModelEntry> {
    entries
        .iter()
        .filter(|e| e.kind == EntryKind::Foundation)
        .map(|e| (e.id.as_str(), e))
        .collect()
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

/// What an entry is made of, whether Bedrock listed the profile or it was just created.
struct ProfileFacts<'a> {
    id: &'a str,
    arn: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    status: EntryStatus,
    /// `models[].modelArn`, in Bedrock's order.
    model_arns: Vec<&'a str>,
}

fn profile_entry(
    region: &str,
    p: &ProfileFacts<'_>,
    kind: EntryKind,
    models: &HashMap<&str, &ModelEntry>,
) -> ModelEntry {
    let underlying: Vec<UnderlyingModel> = p
        .model_arns
        .iter()
        .filter_map(|arn| {
            let (model_region, model_id) = parse_foundation_model_arn(arn)?;
            Some(UnderlyingModel {
                arn: (*arn).to_owned(),
                name: models.get(model_id.as_str()).map(|m| m.name.clone()),
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
    let mut capabilities = base
        .map(|m| m.capabilities.clone())
        .unwrap_or_else(|| Capabilities {
            text_output: true,
            streaming: true,
            image_input: false,
            tool_use: primary.and_then(|u| tool_use_of(&u.model_id)),
            on_demand: true,
        });
    // A profile is itself the way to call the model on demand.
    capabilities.on_demand = true;
    // A foundation entry's provider already falls back to the one its model id names.
    let provider = match base {
        Some(m) => m.provider.clone(),
        None => primary.and_then(|u| provider_from_model_id(&u.model_id)),
    };
    let id = match kind {
        EntryKind::ApplicationProfile => p.arn.to_owned(),
        _ => p.id.to_owned(),
    };
    ModelEntry {
        id,
        kind,
        name: p.name.to_owned(),
        description: p
            .description
            .filter(|d| !d.trim().is_empty())
            .map(str::to_owned),
        provider,
        arn: p.arn.to_owned(),
        region: region.to_owned(),
        base_model_name: primary.and_then(|u| u.name.clone()),
        geography: match kind {
            EntryKind::SystemProfile => geography_of(p.id),
            _ => None,
        },
        underlying_models: underlying,
        capabilities,
        tags: None,
        status: p.status.clone(),
    }
}

/// The region in an ARN (`arn:PARTITION:SERVICE:REGION:…`), if it has one.
fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

impl Catalog {
    /// Puts the application profile `profile` (just created, or with changed tags) in place of
    /// the entry with its ARN, or adds it where a load would have sorted it, built by the same
    /// rules as a load; no listing is repeated. Its tags, when `profile` has none fetched, stay
    /// those already known. Returns false, changing nothing, when the catalog does not hold
    /// application profiles or `profile` is not one of this catalog's region.
    pub(crate) fn upsert_application_profile(&mut self, profile: &Profile) -> bool {
        let elsewhere = profile.region != self.region
            || arn_region(&profile.arn).is_some_and(|r| r != self.region);
        if !self.application_profiles_included
            || profile.kind != ProfileType::Application
            || elsewhere
        {
            return false;
        }
        let mut entry = {
            let models = foundation_models(&self.entries);
            let facts = ProfileFacts {
                id: &profile.id,
                arn: &profile.arn,
                name: &profile.name,
                description: profile.description.as_deref(),
                status: profile.status.clone(),
                model_arns: profile.models.iter().map(|m| m.arn.as_str()).collect(),
            };
            profile_entry(&self.region, &facts, EntryKind::ApplicationProfile, &models)
        };
        let old = self.take_application_profile(&profile.arn);
        entry.tags = profile.tags.clone().or(old.and_then(|e| e.tags));
        // The entries are sorted; a load's stable sort puts an entry after its equals.
        let key = sort_key(&entry);
        let at = self.entries.partition_point(|e| sort_key(e) <= key);
        self.entries.insert(at, entry);
        self.count_application_profiles();
        true
    }

    /// Drops the application profile with this ARN; false when there is none.
    pub(crate) fn remove_application_profile(&mut self, arn: &str) -> bool {
        let removed = self.take_application_profile(arn).is_some();
        self.count_application_profiles();
        removed
    }

    fn take_application_profile(&mut self, arn: &str) -> Option<ModelEntry> {
        let at = self
            .entries
            .iter()
            .position(|e| e.kind == EntryKind::ApplicationProfile && e.arn == arn)?;
        Some(self.entries.remove(at))
    }

    fn count_application_profiles(&mut self) {
        let n = self
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::ApplicationProfile)
            .count();
        self.stats.application_profiles = u32::try_from(n).unwrap_or(u32::MAX);
    }
}

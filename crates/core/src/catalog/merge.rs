//! Merging the three listings into sorted picker entries.

use std::collections::HashMap;

use aws_sdk_bedrock::types::{
    FoundationModelSummary, InferenceProfileSummary, InferenceType, ModelModality,
};

use super::known::{geography_of, parse_foundation_model_arn, provider_from_model_id, tool_use_of};
use super::{Capabilities, EntryKind, EntryStatus, ModelEntry, UnderlyingModel};

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
                .map(|l| EntryStatus::from_bedrock(l.status().as_str()))
                .unwrap_or(EntryStatus::Active),
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
        status: EntryStatus::from_bedrock(p.status().as_str()),
    }
}

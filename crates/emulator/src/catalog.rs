//! The AWS-provided catalog: foundation models and system-defined (cross-region) inference
//! profiles per region, with real model ids, modalities and inference types.
//!
//! Availability follows Bedrock's public model tables closely but not exactly: enough variety
//! (on-demand, profile-only, provisioned-only, legacy, embeddings, regional gaps) for the app's
//! catalog, picker and error paths. The models and their geographies are those of December 2026
//! (Anthropic's Bedrock model table, AWS's model cards and cross-region profile tables), up to
//! Claude Opus 5.5, with `global.` and `jp.` profiles. Seeded regions: see [`SEEDED_REGIONS`];
//! any other region has an empty catalog.

use std::collections::HashMap;

use serde::Serialize;

use crate::arn::{foundation_model_arn, system_profile_arn};

/// Regions with a catalog.
pub(crate) const SEEDED_REGIONS: [&str; 4] =
    ["ap-northeast-1", "us-east-1", "us-west-2", "eu-central-1"];

/// How a model is offered in one region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Avail {
    /// `ON_DEMAND` only.
    OnDemand,
    /// `INFERENCE_PROFILE` only: invoking the bare model id is refused.
    Profile,
    /// `ON_DEMAND` and `INFERENCE_PROFILE`.
    Both,
    /// `PROVISIONED` only.
    Provisioned,
}

impl Avail {
    pub(crate) fn inference_types(self) -> &'static [&'static str] {
        match self {
            Avail::OnDemand => &["ON_DEMAND"],
            Avail::Profile => &["INFERENCE_PROFILE"],
            Avail::Both => &["ON_DEMAND", "INFERENCE_PROFILE"],
            Avail::Provisioned => &["PROVISIONED"],
        }
    }

    pub(crate) fn on_demand(self) -> bool {
        matches!(self, Avail::OnDemand | Avail::Both)
    }
}

/// The request/response body family of a model's InvokeModel API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Anthropic,
    Nova,
    Titan,
    TitanEmbed,
    Llama,
    Mistral,
    Cohere,
    CohereEmbed,
}

/// A geography of system-defined profiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Geo {
    Us,
    Eu,
    Apac,
    /// Japan: Tokyo and Osaka.
    Jp,
    Global,
}

impl Geo {
    fn prefix(self) -> &'static str {
        match self {
            Geo::Us => "us",
            Geo::Eu => "eu",
            Geo::Apac => "apac",
            Geo::Jp => "jp",
            Geo::Global => "global",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Geo::Us => "US",
            Geo::Eu => "EU",
            Geo::Apac => "APAC",
            Geo::Jp => "JP",
            Geo::Global => "Global",
        }
    }

    /// The regions a profile of this geography routes to (and is offered in).
    fn regions(self) -> &'static [&'static str] {
        match self {
            Geo::Us => &["us-east-1", "us-east-2", "us-west-2"],
            Geo::Eu => &["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1"],
            Geo::Apac => &[
                "ap-northeast-1",
                "ap-northeast-2",
                "ap-south-1",
                "ap-southeast-1",
                "ap-southeast-2",
            ],
            Geo::Jp => &["ap-northeast-1", "ap-northeast-3"],
            Geo::Global => &[
                "us-east-1",
                "us-east-2",
                "us-west-2",
                "eu-central-1",
                "eu-west-1",
                "ap-northeast-1",
                "ap-southeast-2",
            ],
        }
    }
}

/// One foundation model of the seed.
#[derive(Debug)]
pub(crate) struct ModelSpec {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) provider: &'static str,
    pub(crate) input: &'static [&'static str],
    pub(crate) output: &'static [&'static str],
    pub(crate) streaming: bool,
    pub(crate) customizations: &'static [&'static str],
    pub(crate) legacy: bool,
    pub(crate) family: Family,
    /// Release date, used as the createdAt of its system profiles.
    pub(crate) released: &'static str,
    pub(crate) regions: &'static [(&'static str, Avail)],
    pub(crate) profiles: &'static [Geo],
}

const TEXT: &[&str] = &["TEXT"];
const TEXT_IMAGE: &[&str] = &["TEXT", "IMAGE"];
const TEXT_IMAGE_VIDEO: &[&str] = &["TEXT", "IMAGE", "VIDEO"];
const EMBEDDING: &[&str] = &["EMBEDDING"];
const NONE: &[&str] = &[];
const APNE1: &str = "ap-northeast-1";
const USE1: &str = "us-east-1";
const USW2: &str = "us-west-2";
const EUC1: &str = "eu-central-1";

use Avail::{Both, OnDemand, Profile, Provisioned};

macro_rules! model {
    ($id:expr, $name:expr, $provider:expr, $input:expr, $output:expr, $streaming:expr, $custom:expr, $legacy:expr,
     $family:expr, $released:expr, [$($region:expr => $avail:expr),*], [$($geo:expr),*]) => {
        ModelSpec {
            id: $id,
            name: $name,
            provider: $provider,
            input: $input,
            output: $output,
            streaming: $streaming,
            customizations: $custom,
            legacy: $legacy,
            family: $family,
            released: $released,
            regions: &[$(($region, $avail)),*],
            profiles: &[$($geo),*],
        }
    };
}

/// Every foundation model of the seed, in listing order.
pub(crate) static MODELS: &[ModelSpec] = &[
    model!("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2024-03-07", [APNE1 => Both, USE1 => Both, USW2 => Both, EUC1 => Both], [Geo::Us, Geo::Eu, Geo::Apac]),
    model!("anthropic.claude-3-sonnet-20240229-v1:0", "Claude 3 Sonnet", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, true,
        Family::Anthropic, "2024-02-29", [USE1 => OnDemand, USW2 => OnDemand, EUC1 => OnDemand], []),
    model!("anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku", "Anthropic", TEXT, TEXT, true, NONE, false,
        Family::Anthropic, "2024-10-22", [USE1 => Profile, USW2 => Both], [Geo::Us]),
    model!("anthropic.claude-3-5-sonnet-20240620-v1:0", "Claude 3.5 Sonnet", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2024-06-20", [APNE1 => Both, USE1 => Both, USW2 => Both, EUC1 => Both], [Geo::Us, Geo::Eu, Geo::Apac]),
    model!("anthropic.claude-3-5-sonnet-20241022-v2:0", "Claude 3.5 Sonnet v2", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2024-10-22", [APNE1 => Profile, USE1 => Profile, USW2 => Both], [Geo::Us, Geo::Apac]),
    model!("anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2025-02-19", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile], [Geo::Us, Geo::Eu, Geo::Apac]),
    model!("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2025-05-14", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Us, Geo::Eu, Geo::Apac, Geo::Global]),
    model!("anthropic.claude-opus-4-20250514-v1:0", "Claude Opus 4", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2025-05-22", [USE1 => Profile, USW2 => Profile], [Geo::Us]),
    model!("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2025-08-05", [USE1 => Profile, USW2 => Profile], [Geo::Us]),
    model!("anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2025-09-29", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Us, Geo::Eu, Geo::Jp, Geo::Global]),
    model!("anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2025-10-15", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Us, Geo::Eu, Geo::Jp, Geo::Global]),
    model!("anthropic.claude-opus-4-5-20251101-v1:0", "Claude Opus 4.5", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2025-11-24", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Us, Geo::Eu, Geo::Global]),
    model!("anthropic.claude-opus-4-6-v1", "Claude Opus 4.6", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2026-02-05", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Us, Geo::Eu, Geo::Jp, Geo::Apac, Geo::Global]),
    model!("anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2026-02-17", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Us, Geo::Eu, Geo::Jp, Geo::Global]),
    model!("anthropic.claude-opus-4-7", "Claude Opus 4.7", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2026-04-16", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Eu, Geo::Jp, Geo::Global]),
    model!("anthropic.claude-fable-5", "Claude Fable 5", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2026-06-09", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Eu, Geo::Global]),
    model!("anthropic.claude-opus-5-5", "Claude Opus 5.5", "Anthropic", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Anthropic, "2026-09-22", [APNE1 => Profile, USE1 => Profile, USW2 => Profile, EUC1 => Profile],
        [Geo::Jp, Geo::Global]),
    model!("amazon.nova-micro-v1:0", "Nova Micro", "Amazon", TEXT, TEXT, true, &["FINE_TUNING", "DISTILLATION"], false,
        Family::Nova, "2024-12-03", [APNE1 => Profile, USE1 => Both, USW2 => Profile, EUC1 => Profile], [Geo::Us, Geo::Eu, Geo::Apac]),
    model!("amazon.nova-lite-v1:0", "Nova Lite", "Amazon", TEXT_IMAGE_VIDEO, TEXT, true, &["FINE_TUNING", "DISTILLATION"], false,
        Family::Nova, "2024-12-03", [APNE1 => Profile, USE1 => Both, USW2 => Profile, EUC1 => Profile], [Geo::Us, Geo::Eu, Geo::Apac]),
    model!("amazon.nova-pro-v1:0", "Nova Pro", "Amazon", TEXT_IMAGE_VIDEO, TEXT, true, &["FINE_TUNING", "DISTILLATION"], false,
        Family::Nova, "2024-12-03", [APNE1 => Profile, USE1 => Both, USW2 => Profile, EUC1 => Profile], [Geo::Us, Geo::Eu, Geo::Apac]),
    model!("amazon.nova-premier-v1:0", "Nova Premier", "Amazon", TEXT_IMAGE_VIDEO, TEXT, true, &["DISTILLATION"], false,
        Family::Nova, "2025-04-30", [USE1 => Profile, USW2 => Profile], [Geo::Us]),
    model!("amazon.titan-text-express-v1", "Titan Text G1 - Express", "Amazon", TEXT, TEXT, true,
        &["FINE_TUNING", "CONTINUED_PRE_TRAINING"], false,
        Family::Titan, "2023-09-28", [APNE1 => OnDemand, USE1 => OnDemand, USW2 => OnDemand, EUC1 => OnDemand], []),
    model!("amazon.titan-text-express-v1:0:8k", "Titan Text G1 - Express", "Amazon", TEXT, TEXT, true,
        &["FINE_TUNING", "CONTINUED_PRE_TRAINING"], false,
        Family::Titan, "2023-09-28", [USE1 => Provisioned, USW2 => Provisioned], []),
    model!("amazon.titan-text-lite-v1", "Titan Text G1 - Lite", "Amazon", TEXT, TEXT, true,
        &["FINE_TUNING", "CONTINUED_PRE_TRAINING"], false,
        Family::Titan, "2023-11-29", [USE1 => OnDemand, USW2 => OnDemand, EUC1 => OnDemand], []),
    model!("amazon.titan-text-premier-v1:0", "Titan Text G1 - Premier", "Amazon", TEXT, TEXT, true, NONE, false,
        Family::Titan, "2024-05-07", [USE1 => OnDemand], []),
    model!("amazon.titan-embed-text-v2:0", "Titan Text Embeddings V2", "Amazon", TEXT, EMBEDDING, false, NONE, false,
        Family::TitanEmbed, "2024-04-30", [APNE1 => OnDemand, USE1 => OnDemand, USW2 => OnDemand, EUC1 => OnDemand], []),
    model!("meta.llama3-8b-instruct-v1:0", "Llama 3 8B Instruct", "Meta", TEXT, TEXT, true, NONE, false,
        Family::Llama, "2024-04-23", [USE1 => OnDemand, USW2 => OnDemand], []),
    model!("meta.llama3-70b-instruct-v1:0", "Llama 3 70B Instruct", "Meta", TEXT, TEXT, true, NONE, false,
        Family::Llama, "2024-04-23", [USE1 => OnDemand, USW2 => OnDemand], []),
    model!("meta.llama3-1-8b-instruct-v1:0", "Llama 3.1 8B Instruct", "Meta", TEXT, TEXT, true, &["FINE_TUNING"], false,
        Family::Llama, "2024-07-23", [USE1 => Profile, USW2 => Both], [Geo::Us]),
    model!("meta.llama3-1-70b-instruct-v1:0", "Llama 3.1 70B Instruct", "Meta", TEXT, TEXT, true, &["FINE_TUNING"], false,
        Family::Llama, "2024-07-23", [USE1 => Profile, USW2 => Both], [Geo::Us]),
    model!("meta.llama3-1-405b-instruct-v1:0", "Llama 3.1 405B Instruct", "Meta", TEXT, TEXT, true, NONE, false,
        Family::Llama, "2024-07-23", [USW2 => OnDemand], []),
    model!("meta.llama3-2-1b-instruct-v1:0", "Llama 3.2 1B Instruct", "Meta", TEXT, TEXT, true, NONE, false,
        Family::Llama, "2024-09-25", [USE1 => Profile, USW2 => Profile, EUC1 => Profile], [Geo::Us, Geo::Eu]),
    model!("meta.llama3-2-3b-instruct-v1:0", "Llama 3.2 3B Instruct", "Meta", TEXT, TEXT, true, NONE, false,
        Family::Llama, "2024-09-25", [USE1 => Profile, USW2 => Profile, EUC1 => Profile], [Geo::Us, Geo::Eu]),
    model!("meta.llama3-2-11b-instruct-v1:0", "Llama 3.2 11B Instruct", "Meta", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Llama, "2024-09-25", [USE1 => Profile, USW2 => Profile], [Geo::Us]),
    model!("meta.llama3-2-90b-instruct-v1:0", "Llama 3.2 90B Instruct", "Meta", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Llama, "2024-09-25", [USE1 => Profile, USW2 => Profile], [Geo::Us]),
    model!("meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B Instruct", "Meta", TEXT, TEXT, true, NONE, false,
        Family::Llama, "2024-12-19", [USE1 => Profile, USW2 => Profile], [Geo::Us]),
    model!("meta.llama4-scout-17b-instruct-v1:0", "Llama 4 Scout 17B Instruct", "Meta", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Llama, "2025-04-28", [USE1 => Profile, USW2 => Profile], [Geo::Us]),
    model!("meta.llama4-maverick-17b-instruct-v1:0", "Llama 4 Maverick 17B Instruct", "Meta", TEXT_IMAGE, TEXT, true, NONE, false,
        Family::Llama, "2025-04-28", [USE1 => Profile, USW2 => Profile], [Geo::Us]),
    model!("mistral.mistral-7b-instruct-v0:2", "Mistral 7B Instruct", "Mistral AI", TEXT, TEXT, true, NONE, false,
        Family::Mistral, "2024-03-01", [USE1 => OnDemand, USW2 => OnDemand], []),
    model!("mistral.mixtral-8x7b-instruct-v0:1", "Mixtral 8x7B Instruct", "Mistral AI", TEXT, TEXT, true, NONE, false,
        Family::Mistral, "2024-03-01", [USE1 => OnDemand, USW2 => OnDemand], []),
    model!("mistral.mistral-small-2402-v1:0", "Mistral Small (24.02)", "Mistral AI", TEXT, TEXT, true, NONE, false,
        Family::Mistral, "2024-05-23", [USE1 => OnDemand], []),
    model!("mistral.mistral-large-2402-v1:0", "Mistral Large (24.02)", "Mistral AI", TEXT, TEXT, true, NONE, false,
        Family::Mistral, "2024-04-02", [USE1 => OnDemand, USW2 => OnDemand], []),
    model!("mistral.mistral-large-2407-v1:0", "Mistral Large (24.07)", "Mistral AI", TEXT, TEXT, true, NONE, false,
        Family::Mistral, "2024-07-24", [USW2 => OnDemand], []),
    model!("cohere.command-r-v1:0", "Command R", "Cohere", TEXT, TEXT, true, NONE, false,
        Family::Cohere, "2024-04-30", [USE1 => OnDemand, USW2 => OnDemand], []),
    model!("cohere.command-r-plus-v1:0", "Command R+", "Cohere", TEXT, TEXT, true, NONE, false,
        Family::Cohere, "2024-04-30", [USE1 => OnDemand, USW2 => OnDemand], []),
    model!("cohere.embed-english-v3", "Embed English", "Cohere", TEXT, EMBEDDING, false, NONE, false,
        Family::CohereEmbed, "2023-11-13", [APNE1 => OnDemand, USE1 => OnDemand, USW2 => OnDemand, EUC1 => OnDemand], []),
    model!("cohere.embed-multilingual-v3", "Embed Multilingual", "Cohere", TEXT, EMBEDDING, false, NONE, false,
        Family::CohereEmbed, "2023-11-13", [APNE1 => OnDemand, USE1 => OnDemand, USW2 => OnDemand, EUC1 => OnDemand], []),
];

/// The spec of a model id, in any region.
pub(crate) fn spec(model_id: &str) -> Option<&'static ModelSpec> {
    MODELS.iter().find(|m| m.id == model_id)
}

/// A foundation model as offered in one region.
#[derive(Debug)]
pub(crate) struct RegionModel {
    pub(crate) spec: &'static ModelSpec,
    pub(crate) arn: String,
    pub(crate) avail: Avail,
    /// The `FoundationModelSummary` / `FoundationModelDetails` JSON object.
    pub(crate) json: String,
}

/// A system-defined inference profile as offered in one region.
#[derive(Debug)]
pub(crate) struct SystemProfile {
    pub(crate) arn: String,
    pub(crate) spec: &'static ModelSpec,
    /// The foundation-model ARNs it routes to.
    pub(crate) models: Vec<String>,
    /// The `InferenceProfileSummary` JSON object (also the GetInferenceProfile body).
    pub(crate) json: String,
}

/// The catalog of one region.
#[derive(Debug, Default)]
pub(crate) struct RegionCatalog {
    pub(crate) models: Vec<RegionModel>,
    model_index: HashMap<&'static str, usize>,
    pub(crate) profiles: Vec<SystemProfile>,
    profile_index: HashMap<String, usize>,
}

impl RegionCatalog {
    pub(crate) fn model(&self, model_id: &str) -> Option<&RegionModel> {
        self.model_index.get(model_id).map(|&i| &self.models[i])
    }

    pub(crate) fn profile(&self, profile_id: &str) -> Option<&SystemProfile> {
        self.profile_index
            .get(profile_id)
            .map(|&i| &self.profiles[i])
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelJson<'a> {
    model_arn: &'a str,
    model_id: &'a str,
    model_name: &'a str,
    provider_name: &'a str,
    input_modalities: &'a [&'a str],
    output_modalities: &'a [&'a str],
    response_streaming_supported: bool,
    customizations_supported: &'a [&'a str],
    inference_types_supported: &'a [&'a str],
    model_lifecycle: Lifecycle<'a>,
}

#[derive(Serialize)]
struct Lifecycle<'a> {
    status: &'a str,
}

/// The JSON of an inference profile, shared by system and application profiles.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProfileJson<'a> {
    pub(crate) inference_profile_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<&'a str>,
    pub(crate) created_at: &'a str,
    pub(crate) updated_at: &'a str,
    pub(crate) inference_profile_arn: &'a str,
    pub(crate) models: Vec<ModelRef<'a>>,
    pub(crate) inference_profile_id: &'a str,
    pub(crate) status: &'a str,
    #[serde(rename = "type")]
    pub(crate) kind: &'a str,
}

/// `{"modelArn": …}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ModelRef<'a> {
    pub(crate) model_arn: &'a str,
}

/// The whole AWS-provided catalog, built once at start with the account's ARNs.
#[derive(Debug)]
pub(crate) struct Catalog {
    regions: HashMap<&'static str, RegionCatalog>,
    empty: RegionCatalog,
}

impl Catalog {
    pub(crate) fn build(account_id: &str) -> Self {
        let mut regions = HashMap::new();
        for region in SEEDED_REGIONS {
            regions.insert(region, build_region(region, account_id));
        }
        Self {
            regions,
            empty: RegionCatalog::default(),
        }
    }

    /// The catalog of `region` (empty for regions that are not seeded).
    pub(crate) fn region(&self, region: &str) -> &RegionCatalog {
        self.regions.get(region).unwrap_or(&self.empty)
    }
}

fn build_region(region: &'static str, account_id: &str) -> RegionCatalog {
    let mut catalog = RegionCatalog::default();
    for spec in MODELS {
        let Some(&(_, avail)) = spec.regions.iter().find(|(r, _)| *r == region) else {
            continue;
        };
        let arn = foundation_model_arn(region, spec.id);
        let json = serde_json::to_string(&ModelJson {
            model_arn: &arn,
            model_id: spec.id,
            model_name: spec.name,
            provider_name: spec.provider,
            input_modalities: spec.input,
            output_modalities: spec.output,
            response_streaming_supported: spec.streaming,
            customizations_supported: spec.customizations,
            inference_types_supported: avail.inference_types(),
            model_lifecycle: Lifecycle {
                status: if spec.legacy { "LEGACY" } else { "ACTIVE" },
            },
        })
        .unwrap_or_default();
        catalog.model_index.insert(spec.id, catalog.models.len());
        catalog.models.push(RegionModel {
            spec,
            arn,
            avail,
            json,
        });
    }
    for spec in MODELS {
        for &geo in spec.profiles {
            if !geo.regions().contains(&region) {
                continue;
            }
            let id = format!("{}.{}", geo.prefix(), spec.id);
            let arn = system_profile_arn(region, account_id, &id);
            let provider = if spec.provider == "Amazon" {
                String::new()
            } else {
                format!("{} ", spec.provider)
            };
            let name = format!("{} {provider}{}", geo.label(), spec.name);
            let targets = geo.regions();
            let description = format!(
                "Routes requests to {provider}{} in {}.",
                spec.name,
                match targets.split_last() {
                    Some((last, rest)) if !rest.is_empty() =>
                        format!("{} and {last}", rest.join(", ")),
                    _ => targets.join(""),
                }
            );
            let model_arns: Vec<String> = targets
                .iter()
                .map(|r| foundation_model_arn(r, spec.id))
                .collect();
            let created = format!("{}T00:00:00+00:00", spec.released);
            let json = serde_json::to_string(&ProfileJson {
                inference_profile_name: &name,
                description: Some(&description),
                created_at: &created,
                updated_at: &created,
                inference_profile_arn: &arn,
                models: model_arns
                    .iter()
                    .map(|a| ModelRef { model_arn: a })
                    .collect(),
                inference_profile_id: &id,
                status: "ACTIVE",
                kind: "SYSTEM_DEFINED",
            })
            .unwrap_or_default();
            catalog.profile_index.insert(id, catalog.profiles.len());
            catalog.profiles.push(SystemProfile {
                arn,
                spec,
                models: model_arns,
                json,
            });
        }
    }
    catalog
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn every_seeded_region_has_models_and_profiles() {
        let catalog = Catalog::build("123456789012");
        for region in SEEDED_REGIONS {
            let r = catalog.region(region);
            assert!(
                r.models.len() >= 8,
                "{region} has {} models",
                r.models.len()
            );
            assert!(
                r.profiles.len() >= 4,
                "{region} has {} profiles",
                r.profiles.len()
            );
        }
        let tokyo = catalog.region("ap-northeast-1");
        assert!(tokyo
            .profile("apac.anthropic.claude-3-haiku-20240307-v1:0")
            .is_some());
        assert!(tokyo
            .profile("global.anthropic.claude-sonnet-4-20250514-v1:0")
            .is_some());
        assert!(tokyo
            .profile("us.anthropic.claude-3-haiku-20240307-v1:0")
            .is_none());
        assert!(catalog.region("sa-east-1").models.is_empty());
    }

    #[test]
    fn model_ids_are_unique() {
        let mut ids: Vec<_> = MODELS.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        let repeated: Vec<_> = ids
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        assert!(repeated.is_empty(), "listed more than once: {repeated:?}");
        ids.dedup();
        assert_eq!(ids.len(), MODELS.len());
    }

    #[test]
    fn every_profile_routes_to_regions_that_list_its_model() {
        // A geography's profile is offered in a seeded region only if the model is listed there.
        let catalog = Catalog::build("123456789012");
        for region in SEEDED_REGIONS {
            let r = catalog.region(region);
            for p in &r.profiles {
                assert!(
                    r.model(p.spec.id).is_some(),
                    "{region} offers a profile of {} but does not list it",
                    p.spec.id
                );
            }
        }
    }

    #[test]
    fn todays_models_and_geographies_are_offered() {
        let catalog = Catalog::build("123456789012");
        let tokyo = catalog.region("ap-northeast-1");
        let jp = tokyo.profile("jp.anthropic.claude-sonnet-4-6").unwrap();
        assert!(
            jp.json.contains("\"JP Anthropic Claude Sonnet 4.6\""),
            "{}",
            jp.json
        );
        assert_eq!(
            jp.models,
            [
                foundation_model_arn("ap-northeast-1", "anthropic.claude-sonnet-4-6"),
                foundation_model_arn("ap-northeast-3", "anthropic.claude-sonnet-4-6"),
            ]
        );
        assert!(tokyo
            .profile("global.anthropic.claude-opus-4-5-20251101-v1:0")
            .is_some());
        assert!(tokyo.profile("jp.anthropic.claude-opus-5-5").is_some());
        // Claude 4.5 and later are offered through profiles only.
        let opus = tokyo
            .model("anthropic.claude-opus-4-5-20251101-v1:0")
            .unwrap();
        assert_eq!(opus.avail, Avail::Profile);
        let virginia = catalog.region("us-east-1");
        assert!(virginia
            .profile("us.anthropic.claude-opus-4-1-20250805-v1:0")
            .is_some());
        assert!(virginia.profile("us.amazon.nova-premier-v1:0").is_some());
        assert!(virginia.profile("jp.anthropic.claude-sonnet-4-6").is_none());
        assert!(catalog
            .region("eu-central-1")
            .profile("eu.anthropic.claude-fable-5")
            .is_some());
    }
}

//! What a model can do in a chat, looked up from the foundation model underneath an entry
//! (whichever way it is reached: model id, system profile, application profile ARN), so that a
//! profile loses none of its model's features: prompt caching, extended thinking (reasoning),
//! images and documents, the inference parameters it takes, and service tiers.
//!
//! The figures follow AWS's model cards and the Bedrock user guide's tables (prompt caching:
//! "Supported models, Regions, and limits"; extended thinking; service tiers), December 2026.
//! A model Strata does not know gets [`ModelFeatures::unknown`]: plain text, no caching, no
//! reasoning, no tiers, nothing refused that Bedrock might allow (limits it cannot know stay
//! `None`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::ModelEntry;

/// A Bedrock service tier (`serviceTier.type` of Converse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ServiceTier {
    /// Standard on-demand processing (Bedrock's `default`).
    Default,
    /// Ahead of standard requests, at a premium.
    Priority,
    /// Spare capacity, slower, at a discount.
    Flex,
    /// Reserved capacity (reported by Bedrock; Strata never asks for it).
    Reserved,
}

impl ServiceTier {
    /// Bedrock's word for it (`default`, `priority`, `flex`, `reserved`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Priority => "priority",
            Self::Flex => "flex",
            Self::Reserved => "reserved",
        }
    }

    /// The tier Bedrock spells `word`.
    pub fn from_word(word: &str) -> Option<Self> {
        match word {
            "default" => Some(Self::Default),
            "priority" => Some(Self::Priority),
            "flex" => Some(Self::Flex),
            "reserved" => Some(Self::Reserved),
            _ => None,
        }
    }
}

/// A per-conversation reasoning setting; the tokens each level means come from the model
/// ([`ReasoningSpec::budget`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReasoningLevel {
    /// No extended thinking.
    #[default]
    Off,
    /// A small budget.
    Low,
    /// A medium budget.
    Medium,
    /// A large budget.
    High,
}

/// How a model caches prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PromptCacheSpec {
    /// The fewest tokens a prefix must have for a cache point to cache it (a shorter prefix is
    /// simply not cached; the call still succeeds).
    pub min_tokens: u32,
    /// The most cache points one request may carry.
    pub max_points: u32,
}

/// How a model reasons (extended thinking through `additionalModelRequestFields.thinking`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReasoningSpec {
    /// The smallest budget Bedrock accepts (1,024 for Claude).
    pub min_budget: u32,
    /// The largest budget this model can take (below its max output tokens).
    pub max_budget: u32,
    /// The budgets of low, medium and high, in tokens, each within `min_budget..=max_budget`.
    pub levels: [u32; 3],
}

impl ReasoningSpec {
    /// The budget in tokens of `level`; `None` for [`ReasoningLevel::Off`].
    pub fn budget(&self, level: ReasoningLevel) -> Option<u32> {
        match level {
            ReasoningLevel::Off => None,
            ReasoningLevel::Low => Some(self.levels[0]),
            ReasoningLevel::Medium => Some(self.levels[1]),
            ReasoningLevel::High => Some(self.levels[2]),
        }
    }
}

/// What a chat through one entry can do and send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModelFeatures {
    /// The foundation model these are the features of (`None` when the entry's model is not
    /// known).
    pub model_id: Option<String>,
    /// Whether Strata knows this model (false: [`ModelFeatures::unknown`]).
    pub known: bool,
    /// Prompt caching, where the model has it.
    pub prompt_cache: Option<PromptCacheSpec>,
    /// Extended thinking, where the model has it.
    pub reasoning: Option<ReasoningSpec>,
    /// The most output tokens a request may ask for (`maxTokens`), where known.
    pub max_output_tokens: Option<u32>,
    /// The output tokens the model gives when `maxTokens` is not sent, where known.
    pub default_max_tokens: Option<u32>,
    /// Takes images (PNG, JPEG, GIF, WebP).
    pub image_input: bool,
    /// Takes documents (PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD).
    pub document_input: bool,
    /// Takes a system prompt.
    pub system_prompt: bool,
    /// Takes `temperature`.
    pub temperature: bool,
    /// Takes `topP`.
    pub top_p: bool,
    /// Takes `temperature` or `topP` but not both in one request (newer Claude models).
    pub temperature_or_top_p: bool,
    /// The most stop sequences a request may carry (0: none).
    pub max_stop_sequences: u32,
    /// The tiers a request may ask for besides `default` (empty: only the default).
    pub service_tiers: Vec<ServiceTier>,
}

impl ModelFeatures {
    /// The features of a model Strata does not know: text in and out, a system prompt,
    /// temperature and top-p, four stop sequences; no caching, reasoning, images, documents or
    /// tiers.
    pub fn unknown(model_id: Option<String>) -> Self {
        Self {
            model_id,
            known: false,
            prompt_cache: None,
            reasoning: None,
            max_output_tokens: None,
            default_max_tokens: None,
            image_input: false,
            document_input: false,
            system_prompt: true,
            temperature: true,
            top_p: true,
            temperature_or_top_p: false,
            max_stop_sequences: 4,
            service_tiers: Vec::new(),
        }
    }
}

/// What the window needs to offer a chat's options for an entry: its model's features and the
/// price a turn is estimated with (for the tier's price difference and the cache rates).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatFeatures {
    /// The entry asked about.
    pub entry_id: String,
    /// What its model can do.
    pub features: ModelFeatures,
    /// The price a turn through it is estimated with; `None` when unpriced.
    pub price: Option<crate::pricing::PriceQuote>,
}

/// The features of the foundation model `model_id` (any revision or geography prefix, as
/// `pricing::normalise_model_id` reads it).
pub fn features_of_model(model_id: &str) -> ModelFeatures {
    let normalised = crate::pricing::normalise_model_id(model_id);
    super::table::lookup(normalised, model_id)
        .unwrap_or_else(|| ModelFeatures::unknown(Some(model_id.to_owned())))
}

/// The features of a chat through `entry` called in `region`: those of the model underneath
/// (the one in `region` when a profile routes there), with the entry's own image capability
/// (its listing's input modalities, which a profile inherits from its model), for a known model.
pub fn features_for(entry: &ModelEntry, region: &str) -> ModelFeatures {
    match super::pricing_model(entry, region) {
        Some(model) => {
            let mut features = features_of_model(&model);
            if features.known {
                features.image_input = entry.capabilities.image_input;
            }
            features
        }
        None => ModelFeatures::unknown(None),
    }
}

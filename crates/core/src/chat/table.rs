//! The model features table of issue 15 (the emulator follows the same one): per foundation
//! model (normalised id, matched by prefix), its max output, prompt-cache minimum, reasoning,
//! whether it takes temperature and top-p together, its service tiers and system prompt.
//!
//! Sources: AWS's Bedrock user guide ("Prompt caching: supported models", "Extended thinking",
//! "Service tiers", "Supported models and model features"), the model cards and AWS's inference
//! parameter pages, December 2026. A figure that could not be confirmed is `None` (unknown).

use super::{ModelFeatures, PromptCacheSpec, ReasoningSpec, ServiceTier};

/// The most cache points one request may carry, wherever prompt caching is supported.
pub(crate) const MAX_CACHE_POINTS: u32 = 4;
/// The smallest reasoning budget Bedrock accepts.
pub(crate) const MIN_REASONING_BUDGET: u32 = 1_024;
/// The budgets of low, medium and high before the model's cap.
const LEVELS: [u32; 3] = [2_048, 8_192, 24_576];
/// The most stop sequences a Converse request may carry (botocore's
/// `InferenceConfigurationStopSequencesList`, max 2,500 members).
pub(crate) const MAX_STOP_SEQUENCES: u32 = 2_500;
/// The only stop sequences Titan text models accept (AWS's Titan text parameters).
pub(crate) const TITAN_STOP_SEQUENCES: &[&str] = &["|", "User:"];

/// One row of the table.
struct Row {
    prefix: &'static str,
    max_output: u32,
    cache_min: Option<u32>,
    reasoning: bool,
    temp_or_top_p: bool,
    tiers: &'static [ServiceTier],
    system: bool,
    image: bool,
    default_max: Option<u32>,
}

const fn claude(
    prefix: &'static str,
    max_output: u32,
    cache_min: Option<u32>,
    reasoning: bool,
    temp_or_top_p: bool,
) -> Row {
    Row {
        prefix,
        max_output,
        cache_min,
        reasoning,
        temp_or_top_p,
        tiers: &[],
        system: true,
        image: true,
        default_max: None,
    }
}

const fn plain(
    prefix: &'static str,
    max_output: u32,
    system: bool,
    image: bool,
    default_max: Option<u32>,
) -> Row {
    Row {
        prefix,
        max_output,
        cache_min: None,
        reasoning: false,
        temp_or_top_p: false,
        tiers: &[],
        system,
        image,
        default_max,
    }
}

const PRIORITY_FLEX: &[ServiceTier] = &[ServiceTier::Priority, ServiceTier::Flex];

const fn nova(
    prefix: &'static str,
    max_output: u32,
    image: bool,
    tiers: &'static [ServiceTier],
) -> Row {
    Row {
        prefix,
        max_output,
        cache_min: Some(1_000),
        reasoning: false,
        temp_or_top_p: false,
        tiers,
        system: true,
        image,
        default_max: None,
    }
}

/// The table, most specific prefix first where one prefix starts another.
const TABLE: &[Row] = &[
    claude(
        "anthropic.claude-3-haiku-20240307-v1",
        4_096,
        None,
        false,
        false,
    ),
    claude(
        "anthropic.claude-3-sonnet-20240229-v1",
        4_096,
        None,
        false,
        false,
    ),
    claude(
        "anthropic.claude-3-5-haiku-20241022-v1",
        8_192,
        Some(2_048),
        false,
        false,
    ),
    claude(
        "anthropic.claude-3-5-sonnet-20240620-v1",
        8_192,
        None,
        false,
        false,
    ),
    // Prompt caching was a preview for this model only: not offered.
    claude(
        "anthropic.claude-3-5-sonnet-20241022-v2",
        8_192,
        None,
        false,
        false,
    ),
    claude(
        "anthropic.claude-3-7-sonnet-20250219-v1",
        64_000,
        Some(1_024),
        true,
        false,
    ),
    claude(
        "anthropic.claude-sonnet-4-20250514-v1",
        64_000,
        Some(1_024),
        true,
        false,
    ),
    claude(
        "anthropic.claude-opus-4-20250514-v1",
        32_000,
        Some(1_024),
        true,
        false,
    ),
    claude(
        "anthropic.claude-opus-4-1-20250805-v1",
        32_000,
        Some(1_024),
        true,
        true,
    ),
    claude(
        "anthropic.claude-sonnet-4-5-20250929-v1",
        64_000,
        Some(1_024),
        true,
        true,
    ),
    claude(
        "anthropic.claude-haiku-4-5-20251001-v1",
        64_000,
        Some(4_096),
        true,
        true,
    ),
    claude(
        "anthropic.claude-opus-4-5-20251101-v1",
        64_000,
        Some(4_096),
        true,
        true,
    ),
    claude(
        "anthropic.claude-opus-4-6-v1",
        128_000,
        Some(4_096),
        true,
        true,
    ),
    claude(
        "anthropic.claude-sonnet-4-6",
        64_000,
        Some(2_048),
        true,
        true,
    ),
    claude(
        "anthropic.claude-opus-4-7",
        128_000,
        Some(4_096),
        true,
        true,
    ),
    claude("anthropic.claude-fable-5", 128_000, Some(4_096), true, true),
    claude(
        "anthropic.claude-opus-5-5",
        128_000,
        Some(4_096),
        true,
        true,
    ),
    nova("amazon.nova-micro-v1", 10_000, false, &[]),
    nova("amazon.nova-lite-v1", 10_000, true, &[]),
    nova("amazon.nova-pro-v1", 10_000, true, PRIORITY_FLEX),
    nova("amazon.nova-premier-v1", 32_000, true, PRIORITY_FLEX),
    plain(
        "amazon.titan-text-express-v1",
        8_192,
        false,
        false,
        Some(512),
    ),
    plain("amazon.titan-text-lite-v1", 4_096, false, false, Some(512)),
    plain(
        "amazon.titan-text-premier-v1",
        3_072,
        false,
        false,
        Some(512),
    ),
    // Llama 3.2 11B / 90B and Llama 4 take images; the entry's listing says so (features_for).
    plain("meta.llama3-2-11b", 2_048, true, true, Some(512)),
    plain("meta.llama3-2-90b", 2_048, true, true, Some(512)),
    plain("meta.llama4-", 2_048, true, true, Some(512)),
    plain("meta.llama3-", 2_048, true, false, Some(512)),
    plain(
        "mistral.mistral-7b-instruct-v0",
        8_192,
        false,
        false,
        Some(512),
    ),
    plain(
        "mistral.mixtral-8x7b-instruct-v0",
        4_096,
        false,
        false,
        Some(512),
    ),
    plain("mistral.mistral-small-2402-v1", 8_192, true, false, None),
    plain("mistral.mistral-large-2402-v1", 8_192, true, false, None),
    plain("mistral.mistral-large-2407-v1", 8_192, true, false, None),
    plain("cohere.command-r-plus-v1", 4_000, true, false, None),
    plain("cohere.command-r-v1", 4_000, true, false, None),
];

/// The features of a normalised model id the table knows; `None` for any other.
pub(super) fn lookup(normalised: &str, model_id: &str) -> Option<ModelFeatures> {
    let row = TABLE.iter().find(|r| normalised.starts_with(r.prefix))?;
    let reasoning = row.reasoning.then(|| {
        let max_budget = row.max_output - MIN_REASONING_BUDGET;
        ReasoningSpec {
            min_budget: MIN_REASONING_BUDGET,
            max_budget,
            levels: LEVELS.map(|l| l.min(max_budget)),
        }
    });
    let titan = normalised.starts_with("amazon.titan");
    Some(ModelFeatures {
        model_id: Some(model_id.to_owned()),
        known: true,
        prompt_cache: row.cache_min.map(|min_tokens| PromptCacheSpec {
            min_tokens,
            max_points: MAX_CACHE_POINTS,
        }),
        reasoning,
        max_output_tokens: Some(row.max_output),
        default_max_tokens: row.default_max,
        image_input: row.image,
        // Document chat: every Converse text model of the table (AWS's features table).
        document_input: true,
        system_prompt: row.system,
        temperature: true,
        top_p: true,
        temperature_or_top_p: row.temp_or_top_p,
        max_stop_sequences: if titan {
            u32::try_from(TITAN_STOP_SEQUENCES.len()).unwrap_or(0)
        } else {
            MAX_STOP_SEQUENCES
        },
        service_tiers: row.tiers.to_vec(),
    })
}

//! What each foundation model can do in Converse, beside its catalog entry: prompt caching
//! (minimum tokens per cache point), extended thinking, its output limit, the service tiers it
//! offers and whether it takes a system prompt. The figures follow the project's model-features
//! table (AWS's model cards and the Bedrock user guide's prompt-caching, extended-thinking and
//! service-tier pages, December 2026), which Strata's core follows too.
//!
//! A `None` cache minimum means the model has no prompt caching here (Claude 3.5 Sonnet v2 had
//! it only in preview). The one-hour cache lifetime (`ttl: "1h"`) is offered from the Claude 4.5
//! models on (AWS's prompt-caching page lists it for Claude Sonnet 4.5, Haiku 4.5 and Opus 4.5);
//! every other caching model keeps the five-minute lifetime only.

/// The model features of one foundation model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Features {
    /// Most output tokens per call.
    pub(crate) max_output: u32,
    /// The fewest prefix tokens a cache point caches; `None`: no prompt caching.
    pub(crate) cache_min_tokens: Option<u32>,
    /// Whether a `ttl` of `1h` is accepted on cache points.
    pub(crate) cache_1h: bool,
    /// Extended thinking (`thinking` in `additionalModelRequestFields`).
    pub(crate) reasoning: bool,
    /// The model takes `temperature` or `topP`, not both (Claude 4.1 and newer).
    pub(crate) temperature_or_top_p: bool,
    /// Service tiers besides `default`.
    pub(crate) tiers: &'static [&'static str],
    /// Whether Converse's `system` is accepted.
    pub(crate) system_prompt: bool,
}

/// Most cache points per request, wherever caching is supported.
pub(crate) const MAX_CACHE_POINTS: usize = 4;
/// The smallest reasoning budget.
pub(crate) const MIN_REASONING_BUDGET: u64 = 1024;

const fn f(
    max_output: u32,
    cache_min_tokens: Option<u32>,
    reasoning: bool,
    temperature_or_top_p: bool,
) -> Features {
    Features {
        max_output,
        cache_min_tokens,
        cache_1h: false,
        reasoning,
        temperature_or_top_p,
        tiers: &[],
        system_prompt: true,
    }
}

const fn one_hour(features: Features) -> Features {
    Features {
        cache_1h: true,
        ..features
    }
}

const fn tiers(features: Features, tiers: &'static [&'static str]) -> Features {
    Features { tiers, ..features }
}

const fn no_system(features: Features) -> Features {
    Features {
        system_prompt: false,
        ..features
    }
}

/// `(normalised model id, features)`; ids end before the `:N` revision.
static FEATURES: &[(&str, Features)] = &[
    (
        "anthropic.claude-3-haiku-20240307-v1",
        f(4096, None, false, false),
    ),
    (
        "anthropic.claude-3-sonnet-20240229-v1",
        f(4096, None, false, false),
    ),
    (
        "anthropic.claude-3-5-haiku-20241022-v1",
        f(8192, Some(2048), false, false),
    ),
    (
        "anthropic.claude-3-5-sonnet-20240620-v1",
        f(8192, None, false, false),
    ),
    (
        "anthropic.claude-3-5-sonnet-20241022-v2",
        f(8192, None, false, false),
    ),
    (
        "anthropic.claude-3-7-sonnet-20250219-v1",
        f(64_000, Some(1024), true, false),
    ),
    (
        "anthropic.claude-sonnet-4-20250514-v1",
        f(64_000, Some(1024), true, false),
    ),
    (
        "anthropic.claude-opus-4-20250514-v1",
        f(32_000, Some(1024), true, false),
    ),
    (
        "anthropic.claude-opus-4-1-20250805-v1",
        f(32_000, Some(1024), true, true),
    ),
    (
        "anthropic.claude-sonnet-4-5-20250929-v1",
        one_hour(f(64_000, Some(1024), true, true)),
    ),
    (
        "anthropic.claude-haiku-4-5-20251001-v1",
        one_hour(f(64_000, Some(4096), true, true)),
    ),
    (
        "anthropic.claude-opus-4-5-20251101-v1",
        one_hour(f(64_000, Some(4096), true, true)),
    ),
    (
        "anthropic.claude-opus-4-6-v1",
        one_hour(f(128_000, Some(4096), true, true)),
    ),
    (
        "anthropic.claude-sonnet-4-6",
        one_hour(f(64_000, Some(2048), true, true)),
    ),
    (
        "anthropic.claude-opus-4-7",
        one_hour(f(128_000, Some(4096), true, true)),
    ),
    (
        "anthropic.claude-fable-5",
        one_hour(f(128_000, Some(4096), true, true)),
    ),
    (
        "anthropic.claude-opus-5-5",
        one_hour(f(128_000, Some(4096), true, true)),
    ),
    ("amazon.nova-micro-v1", f(10_000, Some(1000), false, false)),
    ("amazon.nova-lite-v1", f(10_000, Some(1000), false, false)),
    (
        "amazon.nova-pro-v1",
        tiers(f(10_000, Some(1000), false, false), &["priority", "flex"]),
    ),
    (
        "amazon.nova-premier-v1",
        tiers(f(32_000, Some(1000), false, false), &["priority", "flex"]),
    ),
    (
        "amazon.titan-text-express-v1",
        no_system(f(8192, None, false, false)),
    ),
    (
        "amazon.titan-text-lite-v1",
        no_system(f(4096, None, false, false)),
    ),
    (
        "amazon.titan-text-premier-v1",
        no_system(f(3072, None, false, false)),
    ),
    (
        "mistral.mistral-7b-instruct-v0",
        no_system(f(8192, None, false, false)),
    ),
    (
        "mistral.mixtral-8x7b-instruct-v0",
        no_system(f(4096, None, false, false)),
    ),
    ("mistral.mistral-small-2402-v1", f(8192, None, false, false)),
    ("mistral.mistral-large-2402-v1", f(8192, None, false, false)),
    ("mistral.mistral-large-2407-v1", f(8192, None, false, false)),
    ("cohere.command-r-v1", f(4000, None, false, false)),
    ("cohere.command-r-plus-v1", f(4000, None, false, false)),
];

/// Every Llama model: 2,048 output tokens, nothing else.
const LLAMA: Features = f(2048, None, false, false);

/// A model id without its `:N` revision (and `:N:8k`-style suffixes).
pub(crate) fn normalise(model_id: &str) -> &str {
    model_id.split(':').next().unwrap_or(model_id)
}

/// The features of `model_id` (a catalog id); `None` for a model outside the table (embeddings).
pub(crate) fn of(model_id: &str) -> Option<Features> {
    let id = normalise(model_id);
    if id.starts_with("meta.llama") {
        return Some(LLAMA);
    }
    FEATURES.iter().find(|(k, _)| *k == id).map(|(_, f)| *f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_model_of_the_catalog_has_features() {
        for spec in crate::catalog::MODELS {
            if spec.output.contains(&"TEXT") {
                assert!(of(spec.id).is_some(), "{} has no features", spec.id);
            }
        }
        for (id, _) in FEATURES {
            assert!(
                crate::catalog::MODELS
                    .iter()
                    .any(|m| normalise(m.id) == *id),
                "{id} is not in the catalog"
            );
        }
    }

    #[test]
    fn the_table_follows_the_model_cards() {
        let sonnet = of("anthropic.claude-sonnet-4-5-20250929-v1:0");
        assert_eq!(
            sonnet.map(|f| (f.cache_min_tokens, f.reasoning)),
            Some((Some(1024), true))
        );
        let haiku = of("anthropic.claude-3-haiku-20240307-v1:0");
        assert_eq!(
            haiku.map(|f| (f.cache_min_tokens, f.reasoning)),
            Some((None, false))
        );
        assert_eq!(
            of("amazon.nova-pro-v1:0").map(|f| f.tiers),
            Some(&["priority", "flex"][..])
        );
        assert_eq!(
            of("meta.llama3-1-8b-instruct-v1:0").map(|f| f.max_output),
            Some(2048)
        );
        assert_eq!(of("amazon.titan-embed-text-v2:0"), None);
    }
}

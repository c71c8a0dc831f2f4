//! A price and how it is quoted: USD per million tokens, the routing that picks between a
//! regional and a global price, and the exact model id a price is filed under.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The price of one model: USD per million tokens of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Price {
    /// USD per million input tokens.
    pub input_per_million: f64,
    /// USD per million output tokens.
    pub output_per_million: f64,
    /// USD per million input tokens read from the prompt cache, where published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read_per_million: Option<f64>,
    /// USD per million input tokens written to the prompt cache (the default 5-minute cache),
    /// where published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write_per_million: Option<f64>,
}

impl Price {
    /// Input and output prices, no published cache prices.
    pub const fn new(input_per_million: f64, output_per_million: f64) -> Self {
        Self {
            input_per_million,
            output_per_million,
            cache_read_per_million: None,
            cache_write_per_million: None,
        }
    }

    /// The same price with cache-read and cache-write prices.
    pub const fn with_cache(mut self, read_per_million: f64, write_per_million: f64) -> Self {
        self.cache_read_per_million = Some(read_per_million);
        self.cache_write_per_million = Some(write_per_million);
        self
    }

    /// The cost of `input` and `output` tokens (no cache tokens).
    pub fn cost(&self, input: u64, output: u64) -> f64 {
        (input as f64 * self.input_per_million + output as f64 * self.output_per_million)
            / 1_000_000.0
    }

    /// The cost of a turn that also read `cache_read` and wrote `cache_write` prompt-cache
    /// tokens. `None` when cache tokens were used but this model has no published price for
    /// them: a partial sum would be a wrong number.
    pub fn cost_with_cache(
        &self,
        input: u64,
        output: u64,
        cache_read: u64,
        cache_write: u64,
    ) -> Option<f64> {
        let part = |tokens: u64, per_million: Option<f64>| match (tokens, per_million) {
            (0, _) => Some(0.0),
            (n, Some(p)) => Some(n as f64 * p / 1_000_000.0),
            (_, None) => None,
        };
        Some(
            self.cost(input, output)
                + part(cache_read, self.cache_read_per_million)?
                + part(cache_write, self.cache_write_per_million)?,
        )
    }

    /// The cost of a turn's tokens at `tier`: input, output, cache reads and writes at their own
    /// rates ([`Price::cost_with_cache`]), times the tier's factor ([`tier_factor`]). `None` when
    /// any part is unknown (a cache rate not published, a tier without a known price).
    pub fn cost_of(
        &self,
        tokens: &TurnTokens,
        tier: Option<crate::chat::ServiceTier>,
    ) -> Option<f64> {
        let factor = tier.map_or(Some(1.0), tier_factor)?;
        let cost = self.cost_with_cache(
            tokens.input,
            tokens.output,
            tokens.cache_read,
            tokens.cache_write,
        )?;
        Some(cost * factor)
    }

    /// What the cache reads and writes of `tokens` saved against the same tokens priced as
    /// plain input, at `tier` (negative when writes cost more than reads saved); `None` when no
    /// cache token was used or a rate is unknown.
    pub fn cache_saving(
        &self,
        tokens: &TurnTokens,
        tier: Option<crate::chat::ServiceTier>,
    ) -> Option<f64> {
        if tokens.cache_read == 0 && tokens.cache_write == 0 {
            return None;
        }
        let factor = tier.map_or(Some(1.0), tier_factor)?;
        let input = self.input_per_million;
        let read = match tokens.cache_read {
            0 => 0.0,
            n => n as f64 * (input - self.cache_read_per_million?),
        };
        let write = match tokens.cache_write {
            0 => 0.0,
            n => n as f64 * (self.cache_write_per_million? - input),
        };
        Some((read - write) / 1_000_000.0 * factor)
    }

    /// Whether every figure is a non-negative, finite number.
    pub(super) fn is_valid(&self) -> bool {
        [
            Some(self.input_per_million),
            Some(self.output_per_million),
            self.cache_read_per_million,
            self.cache_write_per_million,
        ]
        .into_iter()
        .flatten()
        .all(|p| p.is_finite() && p >= 0.0)
    }
}

/// The tokens of one turn as Bedrock counts them: `input` excludes the cache reads and writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TurnTokens {
    /// Input tokens neither read from nor written to the cache.
    pub input: u64,
    /// Output tokens (reasoning included).
    pub output: u64,
    /// Input tokens read from the prompt cache.
    pub cache_read: u64,
    /// Input tokens written to the prompt cache.
    pub cache_write: u64,
}

/// What a service tier costs against the standard price: 1 for `default`, and Bedrock's
/// published premium and discount for `priority` (+75%) and `flex` (−50%); `None` for
/// `reserved`, whose price is a commitment, not per token.
pub fn tier_factor(tier: crate::chat::ServiceTier) -> Option<f64> {
    // AWS's Bedrock pricing page (aws.amazon.com/bedrock/pricing, "Service tiers", read
    // 2026-12-01): priority is charged at standard + 75%, flex at standard − 50%.
    match tier {
        crate::chat::ServiceTier::Default => Some(1.0),
        crate::chat::ServiceTier::Priority => Some(1.75),
        crate::chat::ServiceTier::Flex => Some(0.5),
        crate::chat::ServiceTier::Reserved => None,
    }
}

/// How a request reaches the model, which decides the price of models that Bedrock bills
/// differently for global routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Routing {
    /// In the calling region, or within one geography (`us.`, `eu.`, `apac.`, `jp.` …).
    Regional,
    /// Anywhere in the commercial regions (a `global.` profile).
    Global,
}

impl Routing {
    /// The routing of a model or profile id: `global.…` is global, anything else regional.
    pub(crate) fn of_id(id: &str) -> Self {
        if id.starts_with("global.") {
            Routing::Global
        } else {
            Routing::Regional
        }
    }

    /// The routing of a profile from the regions of its models: more than one area of the
    /// world (`us-…` and `eu-…`) can only be a copy of a global profile.
    pub(crate) fn of_regions<'a>(regions: impl IntoIterator<Item = &'a str>) -> Self {
        let mut areas: Vec<&str> = regions
            .into_iter()
            .map(|r| r.split('-').next().unwrap_or(r))
            .collect();
        areas.sort_unstable();
        areas.dedup();
        if areas.len() > 1 {
            Routing::Global
        } else {
            Routing::Regional
        }
    }
}

/// Where a price comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum PriceSource {
    /// Strata's built-in table.
    BuiltIn,
    /// The user's `prices.json`.
    UserFile,
    /// AWS's Price List API (GetProducts), fetched on request and cached with its date.
    PriceList,
}

/// A model's price, with where it comes from and the date it applies to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceQuote {
    /// The price.
    pub price: Price,
    /// The date (`YYYY-MM-DD`) the price was taken from its source; `None` for the user's file.
    pub as_of: Option<String>,
    /// Built-in, the Price List or the user's file.
    pub source: PriceSource,
    /// What the figure is: the published page it was taken from, or the user's file.
    pub note: String,
}

/// `anthropic.claude-3-haiku-20240307-v1:0` → `anthropic.claude-3-haiku-20240307-v1`.
///
/// Removes the cross-region geography prefix of a system profile id (`us.`, `eu.`, `apac.`,
/// `global.`, `jp.`, `au.`, `ca.`, `us-gov.`), the context-window suffix of provisioned variants
/// (`:8k`, `:200k`, `:300k`, as in `amazon.titan-text-express-v1:0:8k`) and the revision
/// (`:0`, `:2`). The `-vN` version stays: it names different models with different prices
/// (Titan Text Embeddings G1 `amazon.titan-embed-text-v1` and V2 `amazon.titan-embed-text-v2:0`),
/// so removing it would bring back the neighbour's-price trap. Nothing else is changed.
pub(crate) fn normalise_model_id(id: &str) -> &str {
    let mut id = id.trim();
    if let Some((geo, rest)) = id.split_once('.') {
        if crate::catalog::geography_of(id).is_some() && !geo.is_empty() && rest.contains('.') {
            id = rest;
        }
    }
    // The context-window variant (`…:0:8k`), then the revision (`…-v1:0`).
    if let Some((base, last)) = id.rsplit_once(':') {
        if is_context_window(last) {
            id = base;
        }
    }
    if let Some((base, last)) = id.rsplit_once(':') {
        if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
            id = base;
        }
    }
    id
}

/// A context-window variant: digits then `k` (`8k`, `200k`).
fn is_context_window(part: &str) -> bool {
    part.strip_suffix('k')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

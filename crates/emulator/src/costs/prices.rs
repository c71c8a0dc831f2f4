//! The emulator's price list: USD per million input and output tokens of the catalog's models,
//! the published on-demand list prices as of 2026-12-01 (the figures Strata's built-in table
//! carries, and Claude 3.5 Sonnet v1 and v2, which that table deliberately lacks). A model that
//! is not here has no price: its calls are recorded without a cost. The emulator's Price List
//! (`crate::pricing`) publishes exactly these prices.
//!
//! From Claude Sonnet 4.5 on, Bedrock bills a call routed by a `global.` profile at the list
//! price and one kept in a region or geography 10% higher, so those rows carry both.

/// USD per million tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Price {
    pub(crate) input_per_million: f64,
    pub(crate) output_per_million: f64,
    /// Prompt-cache reads and writes per million tokens; `None` where none are published.
    pub(crate) cache_per_million: Option<CacheRates>,
}

impl Price {
    /// The cost of `input` and `output` tokens.
    pub(crate) fn cost(self, input: u64, output: u64) -> f64 {
        (input as f64 * self.input_per_million + output as f64 * self.output_per_million)
            / 1_000_000.0
    }

    /// The cost of a call with cache reads and writes, served by `tier`: cache tokens at the
    /// model's cache rates (none published: no cost), the tier at its factor (priority × 1.75,
    /// flex × 0.5; reserved is a commitment with no per-token price: no cost).
    pub(crate) fn cost_with(
        self,
        input: u64,
        output: u64,
        cache_read: u64,
        cache_write: u64,
        tier: &str,
    ) -> Option<f64> {
        let factor = match tier {
            "default" => 1.0,
            "priority" => 1.75,
            "flex" => 0.5,
            _ => return None,
        };
        let cache = if cache_read == 0 && cache_write == 0 {
            0.0
        } else {
            let (read, write) = self.cache_per_million?;
            (cache_read as f64 * read + cache_write as f64 * write) / 1_000_000.0
        };
        Some((self.cost(input, output) + cache) * factor)
    }
}

const fn p(input_per_million: f64, output_per_million: f64) -> Price {
    Price {
        input_per_million,
        output_per_million,
        cache_per_million: None,
    }
}

/// USD per million cache-read and cache-write tokens.
type CacheRates = (f64, f64);

/// `(model id, in-region cache read and write, global where it differs)`: the published prompt-cache
/// rates (reads a tenth of input, five-minute writes 1.25 × input), as Strata's table has them.
/// Claude Opus 5.5 publishes no read rate, so it is left out (a cached call is unpriced).
static CACHE_PRICES: &[(&str, CacheRates, Option<CacheRates>)] = &[
    (
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        (0.08, 1.00),
        None,
    ),
    (
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
        (0.30, 3.75),
        None,
    ),
    (
        "anthropic.claude-sonnet-4-20250514-v1:0",
        (0.30, 3.75),
        None,
    ),
    ("anthropic.claude-opus-4-20250514-v1:0", (1.50, 18.75), None),
    (
        "anthropic.claude-opus-4-1-20250805-v1:0",
        (1.50, 18.75),
        None,
    ),
    (
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        (0.11, 1.375),
        Some((0.10, 1.25)),
    ),
    (
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        (0.33, 4.125),
        Some((0.30, 3.75)),
    ),
    (
        "anthropic.claude-sonnet-4-6",
        (0.33, 4.125),
        Some((0.30, 3.75)),
    ),
    (
        "anthropic.claude-opus-4-5-20251101-v1:0",
        (0.55, 6.875),
        Some((0.50, 6.25)),
    ),
    (
        "anthropic.claude-opus-4-6-v1",
        (0.55, 6.875),
        Some((0.50, 6.25)),
    ),
    (
        "anthropic.claude-opus-4-7",
        (0.55, 6.875),
        Some((0.50, 6.25)),
    ),
    (
        "anthropic.claude-fable-5",
        (1.10, 13.75),
        Some((1.00, 12.50)),
    ),
];

/// `(model id, in-region and geographic price, global price where it differs)`.
static PRICES: &[(&str, Price, Option<Price>)] = &[
    (
        "anthropic.claude-3-haiku-20240307-v1:0",
        p(0.25, 1.25),
        None,
    ),
    (
        "anthropic.claude-3-sonnet-20240229-v1:0",
        p(3.00, 15.00),
        None,
    ),
    (
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        p(3.00, 15.00),
        None,
    ),
    (
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        p(3.00, 15.00),
        None,
    ),
    (
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        p(0.80, 4.00),
        None,
    ),
    (
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
        p(3.00, 15.00),
        None,
    ),
    (
        "anthropic.claude-sonnet-4-20250514-v1:0",
        p(3.00, 15.00),
        None,
    ),
    (
        "anthropic.claude-opus-4-20250514-v1:0",
        p(15.00, 75.00),
        None,
    ),
    (
        "anthropic.claude-opus-4-1-20250805-v1:0",
        p(15.00, 75.00),
        None,
    ),
    (
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        p(1.10, 5.50),
        Some(p(1.00, 5.00)),
    ),
    (
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        p(3.30, 16.50),
        Some(p(3.00, 15.00)),
    ),
    (
        "anthropic.claude-sonnet-4-6",
        p(3.30, 16.50),
        Some(p(3.00, 15.00)),
    ),
    (
        "anthropic.claude-opus-4-5-20251101-v1:0",
        p(5.50, 27.50),
        Some(p(5.00, 25.00)),
    ),
    (
        "anthropic.claude-opus-4-6-v1",
        p(5.50, 27.50),
        Some(p(5.00, 25.00)),
    ),
    (
        "anthropic.claude-opus-4-7",
        p(5.50, 27.50),
        Some(p(5.00, 25.00)),
    ),
    (
        "anthropic.claude-opus-5-5",
        p(4.40, 22.00),
        Some(p(4.00, 20.00)),
    ),
    (
        "anthropic.claude-fable-5",
        p(11.00, 55.00),
        Some(p(10.00, 50.00)),
    ),
    ("amazon.nova-micro-v1:0", p(0.035, 0.14), None),
    ("amazon.nova-lite-v1:0", p(0.06, 0.24), None),
    ("amazon.nova-pro-v1:0", p(0.80, 3.20), None),
    ("amazon.titan-text-express-v1", p(0.20, 0.60), None),
    ("amazon.titan-text-lite-v1", p(0.15, 0.20), None),
    ("amazon.titan-text-premier-v1:0", p(0.50, 1.50), None),
    ("meta.llama3-8b-instruct-v1:0", p(0.30, 0.60), None),
    ("meta.llama3-70b-instruct-v1:0", p(2.65, 3.50), None),
    ("meta.llama3-1-8b-instruct-v1:0", p(0.22, 0.22), None),
    ("meta.llama3-1-70b-instruct-v1:0", p(0.72, 0.72), None),
    ("meta.llama3-1-405b-instruct-v1:0", p(2.40, 2.40), None),
    ("meta.llama3-2-1b-instruct-v1:0", p(0.10, 0.10), None),
    ("meta.llama3-2-3b-instruct-v1:0", p(0.15, 0.15), None),
    ("meta.llama3-2-11b-instruct-v1:0", p(0.16, 0.16), None),
    ("meta.llama3-2-90b-instruct-v1:0", p(0.72, 0.72), None),
    ("meta.llama3-3-70b-instruct-v1:0", p(0.72, 0.72), None),
    ("mistral.mistral-7b-instruct-v0:2", p(0.15, 0.20), None),
    ("mistral.mixtral-8x7b-instruct-v0:1", p(0.45, 0.70), None),
    ("mistral.mistral-small-2402-v1:0", p(1.00, 3.00), None),
    ("mistral.mistral-large-2402-v1:0", p(4.00, 12.00), None),
    ("cohere.command-r-v1:0", p(0.50, 1.50), None),
    ("cohere.command-r-plus-v1:0", p(3.00, 15.00), None),
];

/// The price of `model_id` (exactly, never a neighbour's), for a call routed globally or not.
pub(crate) fn price_of(model_id: &str, global: bool) -> Option<Price> {
    let (_, regional, global_price) = PRICES.iter().find(|(id, _, _)| *id == model_id)?;
    let mut price = match global_price {
        Some(g) if global => *g,
        _ => *regional,
    };
    price.cache_per_million =
        CACHE_PRICES
            .iter()
            .find(|(id, _, _)| *id == model_id)
            .map(|(_, regional, g)| match g {
                Some(g) if global => *g,
                _ => *regional,
            });
    Some(price)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_price_names_a_catalog_model_once() {
        for (i, (id, _, _)) in PRICES.iter().enumerate() {
            assert!(
                crate::catalog::spec(id).is_some(),
                "{id} is not in the catalog"
            );
            assert!(
                PRICES[..i].iter().all(|(other, _, _)| other != id),
                "{id} is priced twice"
            );
        }
    }

    #[test]
    fn prices_are_exact_and_global_routing_picks_the_list_price() {
        let haiku = price_of("anthropic.claude-3-haiku-20240307-v1:0", false);
        assert_eq!(haiku, Some(p(0.25, 1.25)));
        assert_eq!(
            price_of("anthropic.claude-3-haiku-20240307-v1", false),
            None
        );
        let cached = |price: Price, rates| Price {
            cache_per_million: Some(rates),
            ..price
        };
        assert_eq!(
            price_of("anthropic.claude-sonnet-4-6", true),
            Some(cached(p(3.00, 15.00), (0.30, 3.75)))
        );
        assert_eq!(
            price_of("anthropic.claude-sonnet-4-6", false),
            Some(cached(p(3.30, 16.50), (0.33, 4.125)))
        );
        // Priced here (and published in the emulator's Price List), though Strata's built-in
        // table has no price for it: in demo mode a Price List refresh is what prices it.
        assert_eq!(
            price_of("anthropic.claude-3-5-sonnet-20240620-v1:0", false),
            Some(p(3.00, 15.00))
        );
        // Not priced: recorded without a cost.
        assert_eq!(price_of("amazon.titan-embed-text-v1", false), None);
        assert_eq!(p(0.25, 1.25).cost(1_000, 2_000), 0.00275);
    }

    #[test]
    fn cache_tokens_and_tiers_are_priced_at_their_rates_or_not_at_all() {
        let sonnet = price_of("anthropic.claude-sonnet-4-5-20250929-v1:0", true).unwrap();
        // 1,000 in at 3.00, 100 out at 15.00, 10,000 read at 0.30, 2,000 written at 3.75.
        let cost = sonnet
            .cost_with(1_000, 100, 10_000, 2_000, "default")
            .unwrap();
        assert!((cost - 0.015).abs() < 1e-12, "{cost}");
        let nova = price_of("amazon.nova-pro-v1:0", false).unwrap();
        let plain = nova.cost(1_000, 100);
        assert_eq!(
            nova.cost_with(1_000, 100, 0, 0, "priority"),
            Some(plain * 1.75)
        );
        assert_eq!(nova.cost_with(1_000, 100, 0, 0, "flex"), Some(plain * 0.5));
        assert_eq!(nova.cost_with(1_000, 100, 0, 0, "reserved"), None);
        // Nova publishes no cache rates here: a cached call is unpriced, never partly priced.
        assert_eq!(nova.cost_with(1_000, 100, 2_000, 0, "default"), None);
    }
}

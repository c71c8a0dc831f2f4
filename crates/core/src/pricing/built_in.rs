//! Strata's built-in price rows, each dated and with the page it was taken from.

use super::Price;

/// The built-in prices, by model id as Bedrock lists it (normalised when the table is built).
pub(super) struct BuiltIn {
    pub(super) id: &'static str,
    pub(super) regional: Price,
    pub(super) global: Option<Price>,
    pub(super) as_of: &'static str,
    pub(super) source: &'static str,
}

/// Anthropic's list prices (input, output, 5-minute cache write, cache read), which Bedrock
/// charges for these models.
const ANTHROPIC_LIST: &str = "Anthropic's published list price \
(platform.claude.com/docs/en/about-claude/pricing), which Amazon Bedrock charges for this model";

/// Same, for models with a global endpoint: the global price is the list price, the
/// in-region and geographic price 10% higher.
const ANTHROPIC_GLOBAL: &str = "Anthropic's published list price \
(platform.claude.com/docs/en/about-claude/pricing and the model's overview page), charged by \
Amazon Bedrock's global endpoint; in-region and geographic endpoints carry Bedrock's 10% premium \
for Claude Sonnet 4.5 and later (platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock)";

/// The table compiled before this one, kept for models whose price has not moved since.
const AWS_2025: &str = "Amazon Bedrock on-demand list price for us-east-1 \
(aws.amazon.com/bedrock/pricing), as compiled for Strata; other regions can cost more";

/// Amazon Nova: the 2025 on-demand table, with prompt caching as AWS's Bedrock pricing page
/// states it (read 2026-12-01): cache reads 75% below the input price, cache writes not charged
/// beyond the input price.
const NOVA_CACHE: &str = "Amazon Bedrock on-demand list price for us-east-1 \
(aws.amazon.com/bedrock/pricing), as compiled for Strata; cache reads 75% below the input \
price and cache writes at the input price, as that page states for Amazon Nova; other regions \
can cost more";

/// A model whose global and regional prices differ: `(input, output, cache read, cache write)`
/// at list price, and the same with Bedrock's 10% regional premium, written out so no float
/// arithmetic blurs a published figure.
const fn claude_global(
    id: &'static str,
    list: (f64, f64, Option<f64>, f64),
    regional: (f64, f64, Option<f64>, f64),
    as_of: &'static str,
) -> BuiltIn {
    const fn price(p: (f64, f64, Option<f64>, f64)) -> Price {
        Price {
            input_per_million: p.0,
            output_per_million: p.1,
            cache_read_per_million: p.2,
            cache_write_per_million: Some(p.3),
        }
    }
    BuiltIn {
        id,
        regional: price(regional),
        global: Some(price(list)),
        as_of,
        source: ANTHROPIC_GLOBAL,
    }
}

/// A model with one price wherever it runs.
const fn flat(
    id: &'static str,
    price: Price,
    as_of: &'static str,
    source: &'static str,
) -> BuiltIn {
    BuiltIn {
        id,
        regional: price,
        global: None,
        as_of,
        source,
    }
}

const OPUS_45_LIST: (f64, f64, Option<f64>, f64) = (5.00, 25.00, Some(0.50), 6.25);
const OPUS_45_REGIONAL: (f64, f64, Option<f64>, f64) = (5.50, 27.50, Some(0.55), 6.875);
const SONNET_45_LIST: (f64, f64, Option<f64>, f64) = (3.00, 15.00, Some(0.30), 3.75);
const SONNET_45_REGIONAL: (f64, f64, Option<f64>, f64) = (3.30, 16.50, Some(0.33), 4.125);

pub(super) static BUILT_IN: &[BuiltIn] = &[
    // Anthropic Claude 3 – 4.1: one price for every routing.
    flat(
        "anthropic.claude-3-haiku-20240307-v1:0",
        Price::new(0.25, 1.25),
        "2026-12-01",
        ANTHROPIC_LIST,
    ),
    flat(
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        Price::new(0.80, 4.00).with_cache(0.08, 1.00),
        "2026-12-01",
        ANTHROPIC_LIST,
    ),
    flat(
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
        Price::new(3.00, 15.00).with_cache(0.30, 3.75),
        "2026-12-01",
        ANTHROPIC_LIST,
    ),
    flat(
        "anthropic.claude-sonnet-4-20250514-v1:0",
        Price::new(3.00, 15.00).with_cache(0.30, 3.75),
        "2026-12-01",
        ANTHROPIC_LIST,
    ),
    flat(
        "anthropic.claude-opus-4-20250514-v1:0",
        Price::new(15.00, 75.00).with_cache(1.50, 18.75),
        "2026-12-01",
        ANTHROPIC_LIST,
    ),
    flat(
        "anthropic.claude-opus-4-1-20250805-v1:0",
        Price::new(15.00, 75.00).with_cache(1.50, 18.75),
        "2026-12-01",
        ANTHROPIC_LIST,
    ),
    flat(
        "anthropic.claude-3-opus-20240229-v1:0",
        Price::new(15.00, 75.00),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "anthropic.claude-3-sonnet-20240229-v1:0",
        Price::new(3.00, 15.00),
        "2025-06-01",
        AWS_2025,
    ),
    // Anthropic Claude Sonnet 4.5 and later: global list price, regional +10%.
    claude_global(
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        (1.00, 5.00, Some(0.10), 1.25),
        (1.10, 5.50, Some(0.11), 1.375),
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        SONNET_45_LIST,
        SONNET_45_REGIONAL,
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-sonnet-4-6",
        SONNET_45_LIST,
        SONNET_45_REGIONAL,
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-opus-4-5-20251101-v1:0",
        OPUS_45_LIST,
        OPUS_45_REGIONAL,
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-opus-4-6-v1",
        OPUS_45_LIST,
        OPUS_45_REGIONAL,
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-opus-4-7",
        OPUS_45_LIST,
        OPUS_45_REGIONAL,
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-opus-4-8",
        OPUS_45_LIST,
        OPUS_45_REGIONAL,
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-sonnet-5",
        (2.00, 10.00, Some(0.20), 2.50),
        (2.20, 11.00, Some(0.22), 2.75),
        "2026-12-01",
    ),
    // Cache reads of Sonnet 5.5 and Opus 5.5 are left unpriced: the sources disagree
    // (Anthropic's page against later third-party reports), and an unknown cost beats a wrong one.
    claude_global(
        "anthropic.claude-sonnet-5-5",
        (2.00, 10.00, None, 2.50),
        (2.20, 11.00, None, 2.75),
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-opus-5-5",
        (4.00, 20.00, None, 5.00),
        (4.40, 22.00, None, 5.50),
        "2026-12-01",
    ),
    claude_global(
        "anthropic.claude-fable-5",
        (10.00, 50.00, Some(1.00), 12.50),
        (11.00, 55.00, Some(1.10), 13.75),
        "2026-12-01",
    ),
    // Amazon.
    flat(
        "amazon.nova-micro-v1:0",
        Price::new(0.035, 0.14).with_cache(0.00875, 0.035),
        "2025-06-01",
        NOVA_CACHE,
    ),
    flat(
        "amazon.nova-lite-v1:0",
        Price::new(0.06, 0.24).with_cache(0.015, 0.06),
        "2025-06-01",
        NOVA_CACHE,
    ),
    flat(
        "amazon.nova-pro-v1:0",
        Price::new(0.80, 3.20).with_cache(0.20, 0.80),
        "2025-06-01",
        NOVA_CACHE,
    ),
    flat(
        "amazon.titan-text-express-v1",
        Price::new(0.20, 0.60),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "amazon.titan-text-lite-v1",
        Price::new(0.15, 0.20),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "amazon.titan-text-premier-v1:0",
        Price::new(0.50, 1.50),
        "2025-06-01",
        AWS_2025,
    ),
    // Meta.
    flat(
        "meta.llama3-8b-instruct-v1:0",
        Price::new(0.30, 0.60),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-70b-instruct-v1:0",
        Price::new(2.65, 3.50),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-1-8b-instruct-v1:0",
        Price::new(0.22, 0.22),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-1-70b-instruct-v1:0",
        Price::new(0.72, 0.72),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-1-405b-instruct-v1:0",
        Price::new(2.40, 2.40),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-2-1b-instruct-v1:0",
        Price::new(0.10, 0.10),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-2-3b-instruct-v1:0",
        Price::new(0.15, 0.15),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-2-11b-instruct-v1:0",
        Price::new(0.16, 0.16),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-2-90b-instruct-v1:0",
        Price::new(0.72, 0.72),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "meta.llama3-3-70b-instruct-v1:0",
        Price::new(0.72, 0.72),
        "2025-06-01",
        AWS_2025,
    ),
    // Mistral AI.
    flat(
        "mistral.mistral-7b-instruct-v0:2",
        Price::new(0.15, 0.20),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "mistral.mixtral-8x7b-instruct-v0:1",
        Price::new(0.45, 0.70),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "mistral.mistral-small-2402-v1:0",
        Price::new(1.00, 3.00),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "mistral.mistral-large-2402-v1:0",
        Price::new(4.00, 12.00),
        "2025-06-01",
        AWS_2025,
    ),
    // Cohere.
    flat(
        "cohere.command-r-plus-v1:0",
        Price::new(3.00, 15.00),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "cohere.command-r-v1:0",
        Price::new(0.50, 1.50),
        "2025-06-01",
        AWS_2025,
    ),
];

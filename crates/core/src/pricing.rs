//! What a turn costs: USD per million tokens (input, output, and prompt-cache reads and writes
//! where they are published) for the foundation models Strata knows, each dated and with its
//! source, overridable by the user's `prices.json`.
//!
//! A model is matched to its price exactly: the id is normalised (see [`normalise_model_id`])
//! and looked up as it is, never by a prefix or a neighbour's price, so a newer model is never
//! billed as an older one (Claude Opus 4.5 is not Opus 4). A model that is not in the table has
//! no price: "cost unknown", never free.
//!
//! From Claude Sonnet 4.5 on, Bedrock bills a request routed by a `global.` profile at the
//! provider's list price and one kept in a region or a geography (in-region, `us.`, `eu.`,
//! `jp.` …) 10% higher; such entries carry both prices and the routing picks one
//! ([`Routing`]).

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{EntryKind, ModelEntry};
use crate::error::Error;

/// The date of the newest built-in price (each entry has its own: [`PriceQuote::as_of`]).
pub const PRICES_AS_OF: &str = "2026-12-01";

/// The name of the user's price file in the data folder.
pub const PRICES_FILE: &str = "prices.json";

/// What the price file must look like, shown when it is not valid.
const FILE_SHAPE_HINT: &str = "Expected {\"prices\": {\"MODEL_ID\": {\"inputPerMillion\": 0.25, \
\"outputPerMillion\": 1.25, \"cacheReadPerMillion\": 0.03, \"cacheWritePerMillion\": 0.3}}} with \
exact model ids (e.g. anthropic.claude-3-haiku-20240307-v1:0) and non-negative numbers; the two \
cache prices are optional. Fix or remove the file and restart Strata.";

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

    /// Whether every figure is a non-negative, finite number.
    fn is_valid(&self) -> bool {
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

/// How a request reaches the model, which decides the price of models that Bedrock bills
/// differently for global routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing {
    /// In the calling region, or within one geography (`us.`, `eu.`, `apac.`, `jp.` …).
    Regional,
    /// Anywhere in the commercial regions (a `global.` profile).
    Global,
}

impl Routing {
    /// The routing of a model or profile id: `global.…` is global, anything else regional.
    pub fn of_id(id: &str) -> Self {
        if id.starts_with("global.") {
            Routing::Global
        } else {
            Routing::Regional
        }
    }

    /// The routing of a profile from the regions of its models: more than one area of the
    /// world (`us-…` and `eu-…`) can only be a copy of a global profile.
    pub fn of_regions<'a>(regions: impl IntoIterator<Item = &'a str>) -> Self {
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
}

/// A model's price, with where it comes from and the date it applies to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceQuote {
    /// The price.
    pub price: Price,
    /// The date (`YYYY-MM-DD`) the price was taken from its source; `None` for the user's file.
    pub as_of: Option<String>,
    /// Built-in or the user's file.
    pub source: PriceSource,
    /// What the figure is: the published page it was taken from, or the user's file.
    pub note: String,
}

/// One model's prices in the table.
#[derive(Debug, Clone)]
struct Entry {
    /// In-region and geographic routing (and every routing when `global` is `None`).
    regional: Price,
    /// Global routing, when Bedrock bills it differently.
    global: Option<Price>,
    as_of: Option<String>,
    source: PriceSource,
    note: String,
}

/// `anthropic.claude-3-haiku-20240307-v1:0` → `anthropic.claude-3-haiku-20240307-v1`.
///
/// Removes the cross-region geography prefix of a system profile id (`us.`, `eu.`, `apac.`,
/// `global.`, `jp.`, `au.`, `ca.`, `us-gov.`), the context-window suffix of provisioned variants
/// (`:8k`, `:200k`, `:300k`, as in `amazon.titan-text-express-v1:0:8k`) and the revision
/// (`:0`, `:2`). The `-vN` version stays: it names different models with different prices
/// (Titan Text Embeddings G1 `amazon.titan-embed-text-v1` and V2 `amazon.titan-embed-text-v2:0`),
/// so removing it would bring back the neighbour's-price trap. Nothing else is changed.
pub fn normalise_model_id(id: &str) -> &str {
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

/// The built-in prices, by model id as Bedrock lists it (normalised when the table is built).
struct BuiltIn {
    id: &'static str,
    regional: Price,
    global: Option<Price>,
    as_of: &'static str,
    source: &'static str,
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

static BUILT_IN: &[BuiltIn] = &[
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
        Price::new(0.035, 0.14),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "amazon.nova-lite-v1:0",
        Price::new(0.06, 0.24),
        "2025-06-01",
        AWS_2025,
    ),
    flat(
        "amazon.nova-pro-v1:0",
        Price::new(0.80, 3.20),
        "2025-06-01",
        AWS_2025,
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

/// A user's override file: `{"prices": {"MODEL_ID": {"inputPerMillion": …}}}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    prices: HashMap<String, Price>,
}

/// The price table and, when the user's file could not be used, why.
#[derive(Debug, Clone)]
pub struct PriceLoad {
    /// The prices to use: built-in plus the user's, or built-in only when the file is broken.
    pub table: PriceTable,
    /// What is wrong with the user's file (a `Validation` error naming it), to show the user.
    pub problem: Option<Error>,
}

/// Prices by normalised model id.
#[derive(Debug, Clone)]
pub struct PriceTable {
    entries: HashMap<String, Entry>,
}

impl Default for PriceTable {
    fn default() -> Self {
        Self::built_in()
    }
}

impl PriceTable {
    /// The built-in prices (each dated and sourced: [`PriceTable::lookup`]).
    pub fn built_in() -> Self {
        let entries = BUILT_IN
            .iter()
            .map(|b| {
                (
                    normalise_model_id(b.id).to_owned(),
                    Entry {
                        regional: b.regional,
                        global: b.global,
                        as_of: Some(b.as_of.to_owned()),
                        source: PriceSource::BuiltIn,
                        note: b.source.to_owned(),
                    },
                )
            })
            .collect();
        Self { entries }
    }

    /// The built-in prices with the user's file at `path` on top. A missing file is no
    /// problem; a file that cannot be read or is not valid is reported in
    /// [`PriceLoad::problem`], and then none of its prices is used: a guess is worse than the
    /// built-in figure or "unknown".
    pub fn load(path: &Path) -> PriceLoad {
        let mut table = Self::built_in();
        match read_overrides(path) {
            Ok(overrides) => {
                for (id, price) in overrides {
                    table.entries.insert(
                        id,
                        Entry {
                            regional: price,
                            global: None,
                            as_of: None,
                            source: PriceSource::UserFile,
                            note: format!("your price file {}", path.display()),
                        },
                    );
                }
                PriceLoad {
                    table,
                    problem: None,
                }
            }
            Err(problem) => PriceLoad {
                table,
                problem: Some(problem),
            },
        }
    }

    /// The price of a model or system profile id (`anthropic.claude-opus-4-5-20251101-v1:0`,
    /// `global.anthropic.claude-opus-4-5-20251101-v1:0`), with its date and source: matched
    /// exactly after [`normalise_model_id`], the routing read from the prefix. `None` when
    /// the model is not in the table.
    pub fn lookup(&self, id: &str) -> Option<PriceQuote> {
        self.quote(normalise_model_id(id), Routing::of_id(id.trim()))
    }

    /// The price of `model_id` reached through `routing`.
    pub fn quote(&self, model_id: &str, routing: Routing) -> Option<PriceQuote> {
        let entry = self.entries.get(normalise_model_id(model_id))?;
        let price = match (routing, entry.global) {
            (Routing::Global, Some(global)) => global,
            _ => entry.regional,
        };
        Some(PriceQuote {
            price,
            as_of: entry.as_of.clone(),
            source: entry.source,
            note: entry.note.clone(),
        })
    }

    /// The price of a turn through `entry` called from `region`: the model it is priced as
    /// ([`crate::chat::pricing_model`]), routed as the entry routes: a foundation model in its
    /// region, a system profile as its id's prefix says, an application profile as the regions
    /// of its models say (several areas of the world: a copy of a global profile).
    pub fn quote_for(&self, entry: &ModelEntry, region: &str) -> Option<PriceQuote> {
        let model = crate::chat::pricing_model(entry, region)?;
        let routing = match entry.kind {
            EntryKind::Foundation => Routing::Regional,
            EntryKind::SystemProfile => Routing::of_id(&entry.id),
            EntryKind::ApplicationProfile => {
                Routing::of_regions(entry.underlying_models.iter().map(|m| m.region.as_str()))
            }
        };
        self.quote(&model, routing)
    }

    /// The price of a model id, without date or source (see [`PriceTable::lookup`]).
    pub fn price_of(&self, model_id: &str) -> Option<Price> {
        self.lookup(model_id).map(|q| q.price)
    }
}

/// The user's prices by normalised model id; an error names the file and what is wrong.
fn read_overrides(path: &Path) -> Result<Vec<(String, Price)>, Error> {
    let invalid = |what: String| {
        Error::validation(format!(
            "The price file {} is not valid: {what}; the built-in prices are used.",
            path.display()
        ))
        .with_hint(FILE_SHAPE_HINT)
    };
    let text =
        match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::validation(format!(
                "The price file {} could not be read ({e}); the built-in prices are used.",
                path.display()
            ))
            .with_hint(
                "Check that the file is readable UTF-8 text, or remove it, then restart Strata.",
            )),
        };
    let file: OverrideFile = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    let mut by_id: HashMap<String, (String, Price)> = HashMap::new();
    for (key, price) in file.prices {
        let id = normalise_model_id(&key);
        if id.is_empty() {
            return Err(invalid("a model id is empty".to_owned()));
        }
        if !price.is_valid() {
            return Err(invalid(format!(
                "the price of {key} is negative or not a finite number"
            )));
        }
        if let Some((other, _)) = by_id.get(id) {
            return Err(invalid(format!("{other} and {key} name the same model")));
        }
        by_id.insert(id.to_owned(), (key, price));
    }
    let mut out: Vec<(String, Price)> = by_id.into_iter().map(|(id, (_, p))| (id, p)).collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn input(t: &PriceTable, id: &str) -> Option<f64> {
        t.price_of(id).map(|p| p.input_per_million)
    }

    fn output(t: &PriceTable, id: &str) -> Option<f64> {
        t.price_of(id).map(|p| p.output_per_million)
    }

    #[test]
    fn ids_are_normalised_by_geography_revision_and_context_window_only() {
        for (id, want) in [
            (
                "anthropic.claude-3-haiku-20240307-v1:0",
                "anthropic.claude-3-haiku-20240307-v1",
            ),
            (
                "us.anthropic.claude-3-haiku-20240307-v1:0",
                "anthropic.claude-3-haiku-20240307-v1",
            ),
            (
                "global.anthropic.claude-opus-4-6-v1",
                "anthropic.claude-opus-4-6-v1",
            ),
            (
                "jp.anthropic.claude-sonnet-4-6",
                "anthropic.claude-sonnet-4-6",
            ),
            (
                "au.anthropic.claude-haiku-4-5-20251001-v1:0",
                "anthropic.claude-haiku-4-5-20251001-v1",
            ),
            ("ca.amazon.nova-lite-v1:0", "amazon.nova-lite-v1"),
            (
                "us-gov.anthropic.claude-3-haiku-20240307-v1:0",
                "anthropic.claude-3-haiku-20240307-v1",
            ),
            ("apac.amazon.nova-pro-v1:0", "amazon.nova-pro-v1"),
            (
                "eu.meta.llama3-2-1b-instruct-v1:0",
                "meta.llama3-2-1b-instruct-v1",
            ),
            (
                "amazon.titan-text-express-v1:0:8k",
                "amazon.titan-text-express-v1",
            ),
            (
                "anthropic.claude-3-sonnet-20240229-v1:0:200k",
                "anthropic.claude-3-sonnet-20240229-v1",
            ),
            ("amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v2"),
            (
                "mistral.mistral-7b-instruct-v0:2",
                "mistral.mistral-7b-instruct-v0",
            ),
            ("anthropic.claude-opus-5-5", "anthropic.claude-opus-5-5"),
            // Not a geography: left alone.
            ("acme.mystery-model-v1", "acme.mystery-model-v1"),
        ] {
            assert_eq!(normalise_model_id(id), want, "{id}");
        }
    }

    /// Each pair is a newer model and the older one its id starts like, or vice versa: with
    /// prefix matching the first was billed at the second's price.
    #[test]
    fn every_family_gets_its_own_price_not_its_neighbours() {
        let t = PriceTable::built_in();
        let opus45 = "anthropic.claude-opus-4-5-20251101-v1:0";
        assert_eq!(input(&t, &format!("global.{opus45}")), Some(5.0));
        assert_eq!(output(&t, &format!("global.{opus45}")), Some(25.0));
        assert_eq!(
            input(&t, "anthropic.claude-opus-4-20250514-v1:0"),
            Some(15.0)
        );
        assert_eq!(
            input(&t, "anthropic.claude-opus-4-1-20250805-v1:0"),
            Some(15.0)
        );
        assert_eq!(input(&t, "global.anthropic.claude-opus-4-6-v1"), Some(5.0));
        assert_eq!(input(&t, "global.anthropic.claude-opus-5-5"), Some(4.0));
        // Claude 3 vs 3.5 vs 3.7, Haiku 3 vs 3.5 vs 4.5.
        assert_eq!(
            input(&t, "anthropic.claude-3-haiku-20240307-v1:0"),
            Some(0.25)
        );
        assert_eq!(
            input(&t, "anthropic.claude-3-5-haiku-20241022-v1:0"),
            Some(0.80)
        );
        assert_eq!(
            input(&t, "global.anthropic.claude-haiku-4-5-20251001-v1:0"),
            Some(1.0)
        );
        assert_eq!(
            input(&t, "anthropic.claude-3-7-sonnet-20250219-v1:0"),
            Some(3.0)
        );
        assert_eq!(input(&t, "global.anthropic.claude-sonnet-5"), Some(2.0));
        assert_eq!(input(&t, "global.anthropic.claude-sonnet-5-5"), Some(2.0));
        // Claude 3.5 Sonnet's Bedrock price moved and is not in the table: unknown, not 3 Sonnet's.
        assert_eq!(
            t.price_of("anthropic.claude-3-5-sonnet-20240620-v1:0"),
            None
        );
        assert_eq!(
            t.price_of("anthropic.claude-3-5-sonnet-20241022-v2:0"),
            None
        );
        // Nova vs Nova 2 / Premier.
        assert_eq!(input(&t, "amazon.nova-lite-v1:0"), Some(0.06));
        assert_eq!(t.price_of("amazon.nova-2-lite-v1:0"), None);
        assert_eq!(t.price_of("us.amazon.nova-premier-v1:0"), None);
        // Llama 3 vs 3.1 / 3.2 / 3.3 / 4.
        assert_eq!(input(&t, "meta.llama3-70b-instruct-v1:0"), Some(2.65));
        assert_eq!(input(&t, "meta.llama3-1-70b-instruct-v1:0"), Some(0.72));
        assert_eq!(input(&t, "meta.llama3-2-1b-instruct-v1:0"), Some(0.10));
        assert_eq!(input(&t, "meta.llama3-3-70b-instruct-v1:0"), Some(0.72));
        assert_eq!(t.price_of("meta.llama4-maverick-17b-instruct-v1:0"), None);
        // Mistral Large 24.02 vs 24.07, Small 24.02 vs later.
        assert_eq!(input(&t, "mistral.mistral-large-2402-v1:0"), Some(4.0));
        assert_eq!(t.price_of("mistral.mistral-large-2407-v1:0"), None);
        assert_eq!(t.price_of("mistral.mistral-small-2501-v1:0"), None);
        // Command R vs R+, Titan Text Express vs its embeddings neighbour.
        assert_eq!(input(&t, "cohere.command-r-v1:0"), Some(0.5));
        assert_eq!(input(&t, "cohere.command-r-plus-v1:0"), Some(3.0));
        assert_eq!(t.price_of("amazon.titan-embed-text-v1"), None);
    }

    #[test]
    fn regional_routing_pays_bedrocks_premium_from_claude_sonnet_4_5_on() {
        let t = PriceTable::built_in();
        let id = "anthropic.claude-opus-4-5-20251101-v1:0";
        let global = t.lookup(&format!("global.{id}")).unwrap().price;
        for regional_id in [id.to_owned(), format!("us.{id}"), format!("eu.{id}")] {
            let regional = t.lookup(&regional_id).unwrap().price;
            assert_eq!(regional.input_per_million, 5.50, "{regional_id}");
            assert_eq!(regional.output_per_million, 27.50, "{regional_id}");
            assert_eq!(regional.cache_read_per_million, Some(0.55));
            assert_eq!(regional.cache_write_per_million, Some(6.875));
        }
        assert_eq!(global.cache_read_per_million, Some(0.50));
        assert_eq!(global.cache_write_per_million, Some(6.25));
        // Before Sonnet 4.5 one price applies however the request is routed.
        let sonnet4 = "anthropic.claude-sonnet-4-20250514-v1:0";
        assert_eq!(
            t.price_of(&format!("global.{sonnet4}")),
            t.price_of(&format!("us.{sonnet4}"))
        );
        // Every global price is the list price and every regional one 10% more, figure by figure.
        for b in BUILT_IN {
            let Some(g) = b.global else { continue };
            let r = b.regional;
            let pairs = [
                (Some(g.input_per_million), Some(r.input_per_million)),
                (Some(g.output_per_million), Some(r.output_per_million)),
                (g.cache_read_per_million, r.cache_read_per_million),
                (g.cache_write_per_million, r.cache_write_per_million),
            ];
            for (g, r) in pairs {
                match (g, r) {
                    (Some(g), Some(r)) => {
                        assert!((r - g * 1.1).abs() < 1e-9, "{}: {g} → {r}", b.id)
                    }
                    (None, None) => {}
                    _ => panic!("{}: a cache price is published for one routing only", b.id),
                }
            }
        }
    }

    #[test]
    fn unknown_models_have_no_price() {
        let t = PriceTable::built_in();
        for id in [
            "acme.mystery-model-v1",
            // A revision or variant of a known name is still a different model.
            "anthropic.claude-3-haiku-20240307-v2:0",
            "anthropic.claude-opus-4",
            "anthropic.claude-opus-4-5",
            "anthropic.claude",
            "",
        ] {
            assert_eq!(t.lookup(id), None, "{id}");
        }
    }

    #[test]
    fn a_quote_says_where_the_figure_comes_from_and_when() {
        let t = PriceTable::built_in();
        let q = t
            .lookup("global.anthropic.claude-opus-4-5-20251101-v1:0")
            .unwrap();
        assert_eq!(q.source, PriceSource::BuiltIn);
        assert_eq!(q.as_of.as_deref(), Some("2026-12-01"));
        assert!(q.note.contains("platform.claude.com"), "{}", q.note);
        let old = t.lookup("meta.llama3-70b-instruct-v1:0").unwrap();
        assert_eq!(old.as_of.as_deref(), Some("2025-06-01"));
        assert!(old.note.contains("aws.amazon.com/bedrock/pricing"));
    }

    #[test]
    fn the_table_date_is_its_newest_entry_and_every_entry_is_dated_iso() {
        let newest = BUILT_IN.iter().map(|b| b.as_of).max().unwrap();
        assert_eq!(PRICES_AS_OF, newest);
        for b in BUILT_IN {
            let d = b.as_of.as_bytes();
            assert!(
                d.len() == 10 && d[4] == b'-' && d[7] == b'-',
                "{}: {}",
                b.id,
                b.as_of
            );
            assert!(
                b.regional.is_valid() && b.global.is_none_or(|g| g.is_valid()),
                "{}",
                b.id
            );
        }
    }

    #[test]
    fn no_two_built_in_entries_name_the_same_model() {
        let mut seen = HashMap::new();
        for b in BUILT_IN {
            if let Some(other) = seen.insert(normalise_model_id(b.id), b.id) {
                panic!("{other} and {} are the same entry", b.id);
            }
        }
    }

    #[test]
    fn cost_is_per_million_tokens() {
        let p = Price::new(3.0, 15.0);
        assert!((p.cost(1_000, 2_000) - 0.033).abs() < 1e-12);
    }

    #[test]
    fn cache_tokens_are_priced_when_published_and_unknown_when_not() {
        let p = Price::new(3.0, 15.0).with_cache(0.30, 3.75);
        let c = p.cost_with_cache(1_000, 2_000, 10_000, 4_000).unwrap();
        assert!((c - (0.033 + 0.003 + 0.015)).abs() < 1e-12, "{c}");
        assert_eq!(
            p.cost_with_cache(1_000, 2_000, 0, 0),
            Some(p.cost(1_000, 2_000))
        );
        let no_cache = Price::new(0.25, 1.25);
        assert_eq!(no_cache.cost_with_cache(1, 1, 5, 0), None);
        assert_eq!(no_cache.cost_with_cache(1, 1, 0, 5), None);
        assert_eq!(no_cache.cost_with_cache(1_000_000, 0, 0, 0), Some(0.25));
    }

    #[test]
    fn routing_of_regions_is_global_only_across_areas() {
        assert_eq!(Routing::of_regions(["ap-northeast-1"]), Routing::Regional);
        assert_eq!(
            Routing::of_regions(["us-east-1", "us-east-2", "us-west-2"]),
            Routing::Regional
        );
        assert_eq!(
            Routing::of_regions(["ap-northeast-1", "ap-northeast-3"]),
            Routing::Regional
        );
        assert_eq!(
            Routing::of_regions(["us-east-1", "eu-west-1", "ap-northeast-1"]),
            Routing::Global
        );
        assert_eq!(Routing::of_regions([]), Routing::Regional);
    }

    #[test]
    fn an_application_profile_is_priced_by_its_model_and_routing() {
        use crate::catalog::UnderlyingModel;
        let model = "anthropic.claude-opus-4-5-20251101-v1:0";
        let under = |region: &str| UnderlyingModel {
            arn: format!("arn:aws:bedrock:{region}::foundation-model/{model}"),
            model_id: model.to_owned(),
            region: region.to_owned(),
            name: None,
        };
        let mut entry = ModelEntry {
            id: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc".into(),
            kind: EntryKind::ApplicationProfile,
            name: "team-opus".into(),
            description: None,
            provider: None,
            arn: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc".into(),
            region: "us-east-1".into(),
            underlying_models: vec![under("us-east-1"), under("us-west-2")],
            base_model_name: None,
            geography: None,
            capabilities: Default::default(),
            tags: None,
            status: crate::catalog::EntryStatus::Active,
        };
        let t = PriceTable::built_in();
        let q = t.quote_for(&entry, "us-east-1").unwrap();
        assert_eq!(q.price.input_per_million, 5.50, "a copy of a us. profile");
        entry.underlying_models = vec![under("us-east-1"), under("eu-west-1"), under("ap-south-1")];
        let q = t.quote_for(&entry, "us-east-1").unwrap();
        assert_eq!(
            q.price.input_per_million, 5.0,
            "a copy of the global profile"
        );
        entry.kind = EntryKind::SystemProfile;
        entry.id = format!("global.{model}");
        assert_eq!(
            t.quote_for(&entry, "us-east-1")
                .unwrap()
                .price
                .input_per_million,
            5.0
        );
        entry.id = format!("us.{model}");
        assert_eq!(
            t.quote_for(&entry, "us-east-1")
                .unwrap()
                .price
                .input_per_million,
            5.50
        );
        entry.kind = EntryKind::Foundation;
        entry.id = model.to_owned();
        entry.underlying_models.clear();
        assert_eq!(
            t.quote_for(&entry, "us-east-1")
                .unwrap()
                .price
                .input_per_million,
            5.50
        );
        entry.id = "anthropic.claude-opus-4-20250514-v1:0".to_owned();
        assert_eq!(
            t.quote_for(&entry, "us-east-1")
                .unwrap()
                .price
                .input_per_million,
            15.0
        );
    }

    fn load_text(text: &str) -> (PriceLoad, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PRICES_FILE);
        std::fs::write(&path, text).unwrap();
        (PriceTable::load(&path), dir)
    }

    #[test]
    fn a_missing_user_file_is_no_problem() {
        let dir = tempfile::tempdir().unwrap();
        let load = PriceTable::load(&dir.path().join(PRICES_FILE));
        assert!(load.problem.is_none());
        assert_eq!(
            input(&load.table, "anthropic.claude-3-haiku-20240307-v1:0"),
            Some(0.25)
        );
    }

    #[test]
    fn a_user_file_overrides_and_adds_by_exact_id() {
        let (load, _dir) = load_text(
            r#"{"prices": {
                "anthropic.claude-3-haiku-20240307-v1:0": {"inputPerMillion": 0.3, "outputPerMillion": 1.5},
                "us.acme.mystery-v1:0": {"inputPerMillion": 1, "outputPerMillion": 2, "cacheReadPerMillion": 0.1}
            }}"#,
        );
        assert!(load.problem.is_none(), "{:?}", load.problem);
        let t = load.table;
        let haiku = t
            .lookup("us.anthropic.claude-3-haiku-20240307-v1:0")
            .unwrap();
        assert_eq!(haiku.price.input_per_million, 0.3);
        assert_eq!(haiku.source, PriceSource::UserFile);
        assert_eq!(haiku.as_of, None);
        assert!(haiku.note.contains(PRICES_FILE));
        let mystery = t.lookup("acme.mystery-v1:0").unwrap().price;
        assert_eq!(mystery.output_per_million, 2.0);
        assert_eq!(mystery.cache_read_per_million, Some(0.1));
        assert_eq!(mystery.cache_write_per_million, None);
        // Exact ids: a user key does not price its neighbours.
        assert_eq!(t.price_of("acme.mystery-v2:0"), None);
        assert_eq!(t.price_of("acme.mystery"), None);
        // A user price applies however the request is routed.
        assert_eq!(input(&t, "global.acme.mystery-v1:0"), Some(1.0));
    }

    #[test]
    fn a_prefix_key_in_the_user_file_prices_nothing_else() {
        let (load, _dir) = load_text(
            r#"{"prices": {"anthropic.claude-opus-4": {"inputPerMillion": 99, "outputPerMillion": 99}}}"#,
        );
        assert!(load.problem.is_none());
        assert_eq!(
            input(&load.table, "anthropic.claude-opus-4-20250514-v1:0"),
            Some(15.0)
        );
        assert_eq!(
            input(&load.table, "us.anthropic.claude-opus-4-5-20251101-v1:0"),
            Some(5.5)
        );
    }

    #[test]
    fn a_broken_user_file_is_reported_and_none_of_its_prices_is_used() {
        let good = r#""anthropic.claude-3-haiku-20240307-v1:0": {"inputPerMillion": 9, "outputPerMillion": 9}"#;
        for (text, says) in [
            ("{oops".to_owned(), "not valid"),
            (String::new(), "not valid"),
            (
                format!(
                    r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": -1, "outputPerMillion": 1}}}}}}"#
                ),
                "negative or not a finite number",
            ),
            (
                format!(
                    r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": 1, "outputPerMillion": 1, "cacheReadPerMillion": -0.5}}}}}}"#
                ),
                "negative",
            ),
            (
                format!(r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": 1}}}}}}"#),
                "outputPerMillion",
            ),
            (
                format!(r#"{{"prices": {{{good}, "b.x-v1:0": {{"input": 1, "output": 2}}}}}}"#),
                "unknown field",
            ),
            (
                format!(r#"{{"prices": {{{good}}}, "extra": 1}}"#),
                "unknown field",
            ),
            (format!(r#"{{"price": {{{good}}}}}"#), "unknown field"),
            (
                format!(
                    r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": "1", "outputPerMillion": 2}}}}}}"#
                ),
                "not valid",
            ),
            (
                format!(
                    r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": 1e999, "outputPerMillion": 2}}}}}}"#
                ),
                "not valid",
            ),
            (
                format!(
                    r#"{{"prices": {{{good}, "us.anthropic.claude-3-haiku-20240307-v1:1": {{"inputPerMillion": 1, "outputPerMillion": 2}}}}}}"#
                ),
                "name the same model",
            ),
            (
                format!(
                    r#"{{"prices": {{{good}, "": {{"inputPerMillion": 1, "outputPerMillion": 2}}}}}}"#
                ),
                "empty",
            ),
        ] {
            let (load, dir) = load_text(&text);
            let problem = load.problem.unwrap_or_else(|| panic!("accepted {text}"));
            assert_eq!(problem.kind(), crate::ErrorKind::Validation, "{text}");
            assert!(
                problem.message().contains(says),
                "{text}: {}",
                problem.message()
            );
            let path = dir.path().join(PRICES_FILE).display().to_string();
            assert!(problem.message().contains(&path), "{}", problem.message());
            assert!(problem.hint().unwrap().contains("inputPerMillion"));
            // The built-in price stands; the file's 9 is not used.
            assert_eq!(
                input(&load.table, "anthropic.claude-3-haiku-20240307-v1:0"),
                Some(0.25),
                "{text}"
            );
            assert_eq!(load.table.lookup("b.x-v1:0"), None, "{text}");
        }
    }

    #[test]
    fn an_unreadable_user_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PRICES_FILE);
        std::fs::write(&path, [0xff, 0xfe, b'{']).unwrap();
        let load = PriceTable::load(&path);
        let problem = load.problem.unwrap();
        assert_eq!(problem.kind(), crate::ErrorKind::Validation);
        assert!(
            problem.message().contains("could not be read"),
            "{}",
            problem.message()
        );
        assert!(problem.message().contains(&path.display().to_string()));
        // A folder where the file should be cannot be read either.
        let folder = dir.path().join("as-folder");
        std::fs::create_dir(&folder).unwrap();
        assert!(PriceTable::load(&folder).problem.is_some());
    }
}

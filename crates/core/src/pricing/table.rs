//! The price table: prices by normalised model id, and the quote for a model or a picker entry.

use std::collections::HashMap;

use super::built_in::BUILT_IN;
use super::{normalise_model_id, Price, PriceQuote, PriceSource, Routing};
use crate::catalog::{EntryKind, ModelEntry};
use crate::error::Error;

/// One model's prices in the table.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// In-region and geographic routing (and every routing when `global` is `None`).
    pub(super) regional: Price,
    /// Global routing, when Bedrock bills it differently.
    pub(super) global: Option<Price>,
    pub(super) as_of: Option<String>,
    pub(super) source: PriceSource,
    pub(super) note: String,
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
    pub(super) entries: HashMap<String, Entry>,
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

    /// The price of a model or system profile id (`anthropic.claude-opus-4-5-20251101-v1:0`,
    /// `global.anthropic.claude-opus-4-5-20251101-v1:0`), with its date and source: matched
    /// exactly after `normalise_model_id`, the routing read from the prefix. `None` when
    /// the model is not in the table.
    pub fn lookup(&self, id: &str) -> Option<PriceQuote> {
        self.quote(normalise_model_id(id), Routing::of_id(id.trim()))
    }

    /// The price of `model_id` reached through `routing`.
    pub(crate) fn quote(&self, model_id: &str, routing: Routing) -> Option<PriceQuote> {
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
    pub(crate) fn quote_for(&self, entry: &ModelEntry, region: &str) -> Option<PriceQuote> {
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

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
    /// What is wrong with the Price List cache (a `Validation` error naming it), when it is
    /// broken: none of it is used then.
    pub price_list_problem: Option<Error>,
}

/// The prices fetched from the AWS Price List for one region.
#[derive(Debug, Clone)]
pub(super) struct PriceListLayer {
    pub(super) region: String,
    pub(super) as_of: String,
    pub(super) entries: HashMap<String, Entry>,
}

/// Prices by normalised model id: the built-in prices with the user's on top (`entries`), and
/// the Price List's (for its region) between the two.
#[derive(Debug, Clone)]
pub struct PriceTable {
    pub(super) entries: HashMap<String, Entry>,
    pub(super) price_list: Option<PriceListLayer>,
}

/// One row of the table in effect ([`PriceTable::rows`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRow {
    /// The model id the price is filed under (normalised: `anthropic.claude-3-haiku-20240307-v1`).
    pub model_id: String,
    /// The price in effect for in-region routing, with its source and date.
    pub quote: PriceQuote,
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
        Self {
            entries,
            price_list: None,
        }
    }

    /// The region the Price List prices are for, and their date, when they are loaded.
    pub fn price_list(&self) -> Option<(&str, &str)> {
        self.price_list
            .as_ref()
            .map(|l| (l.region.as_str(), l.as_of.as_str()))
    }

    /// Every model with a price, by id, as quoted for in-region routing in `region` (`None`:
    /// with the Price List's prices, whatever their region).
    pub fn rows(&self, region: Option<&str>) -> Vec<PriceRow> {
        let mut ids: Vec<&String> = self.entries.keys().collect();
        if let Some(layer) = &self.price_list {
            ids.extend(layer.entries.keys());
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| {
                Some(PriceRow {
                    model_id: id.clone(),
                    quote: self.quote_in(id, Routing::Regional, region)?,
                })
            })
            .collect()
    }

    /// The price of a model or system profile id (`anthropic.claude-opus-4-5-20251101-v1:0`,
    /// `global.anthropic.claude-opus-4-5-20251101-v1:0`), with its date and source: matched
    /// exactly after `normalise_model_id`, the routing read from the prefix. `None` when
    /// the model is not in the table.
    pub fn lookup(&self, id: &str) -> Option<PriceQuote> {
        self.quote(normalise_model_id(id), Routing::of_id(id.trim()))
    }

    /// The price of `model_id` reached through `routing` (the Price List's prices whatever
    /// their region: see [`PriceTable::quote_in`]).
    pub(crate) fn quote(&self, model_id: &str, routing: Routing) -> Option<PriceQuote> {
        self.quote_in(model_id, routing, None)
    }

    /// The price of `model_id` reached through `routing` from `region`: the user's file wins,
    /// then the Price List (only for the region it was fetched for, when `region` is given),
    /// then the built-in table. The Price List publishes the in-region price; a model whose
    /// global routing is billed differently keeps the built-in global price (quoted as such)
    /// rather than the regional one.
    pub(crate) fn quote_in(
        &self,
        model_id: &str,
        routing: Routing,
        region: Option<&str>,
    ) -> Option<PriceQuote> {
        let id = normalise_model_id(model_id);
        let base = self.entries.get(id);
        if let Some(user) = base.filter(|e| e.source == PriceSource::UserFile) {
            return Some(quote_of(user, routing));
        }
        let listed = self
            .price_list
            .as_ref()
            .filter(|l| region.is_none_or(|r| r == l.region))
            .and_then(|l| l.entries.get(id));
        match (listed, base) {
            (Some(listed), Some(base))
                if routing == Routing::Global
                    && listed.global.is_none()
                    && base.global.is_some() =>
            {
                Some(quote_of(base, routing))
            }
            (Some(listed), _) => Some(quote_of(listed, routing)),
            (None, base) => base.map(|e| quote_of(e, routing)),
        }
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
        self.quote_in(&model, routing, Some(region))
    }

    /// The price of a model id, without date or source (see [`PriceTable::lookup`]).
    pub fn price_of(&self, model_id: &str) -> Option<Price> {
        self.lookup(model_id).map(|q| q.price)
    }
}

/// The quote of `entry` for `routing`.
fn quote_of(entry: &Entry, routing: Routing) -> PriceQuote {
    let price = match (routing, entry.global) {
        (Routing::Global, Some(global)) => global,
        _ => entry.regional,
    };
    PriceQuote {
        price,
        as_of: entry.as_of.clone(),
        source: entry.source,
        note: entry.note.clone(),
    }
}

//! What a turn costs: USD per million tokens (input, output, and prompt-cache reads and writes
//! where they are published) for the foundation models Strata knows, each dated and with its
//! source, overridable by the user's `prices.json`.
//!
//! A model is matched to its price exactly: the id is normalised (see `normalise_model_id`)
//! and looked up as it is, never by a prefix or a neighbour's price, so a newer model is never
//! billed as an older one (Claude Opus 4.5 is not Opus 4). A model that is not in the table has
//! no price: "cost unknown", never free.
//!
//! From Claude Sonnet 4.5 on, Bedrock bills a request routed by a `global.` profile at the
//! provider's list price and one kept in a region or a geography (in-region, `us.`, `eu.`,
//! `jp.` …) 10% higher; such entries carry both prices and the routing picks one
//! (`Routing`).
//!
//! Precedence: built-in < the AWS Price List (fetched on request by [`refresh_price_list`],
//! cached in `cache/price-list.json`, for the region it was fetched for) < the user's
//! `prices.json`. Every quote says which it came from and its date.

mod built_in;
mod price;
mod price_list;
mod table;
mod user_file;

pub(crate) use price::{normalise_model_id, Routing};
pub use price::{tier_factor, Price, PriceQuote, PriceSource, TurnTokens};
pub use price_list::{refresh_price_list, PriceListRefresh, PRICE_LIST_FILE};
pub use table::{PriceLoad, PriceRow, PriceTable};

/// The date of the newest built-in price (each entry has its own: [`PriceQuote::as_of`]).
pub const PRICES_AS_OF: &str = "2026-12-01";

/// The name of the user's price file in the data folder.
pub const PRICES_FILE: &str = "prices.json";

#[cfg(test)]
mod cost_tests;
#[cfg(test)]
mod tests;

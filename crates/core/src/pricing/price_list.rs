//! Prices from AWS's Price List API (GetProducts for `AmazonBedrock` and the other Bedrock
//! service codes), fetched only when the user asks, cached on disk with its date, and mapped
//! to model ids only where the mapping is certain. Between the built-in table and the user's
//! `prices.json` in precedence: a user's price always wins.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::session::Session;

/// The Price List cache's file name in the data folder's `cache/`.
pub const PRICE_LIST_FILE: &str = "price-list.json";

/// What a refresh fetched.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceListRefresh {
    /// The Price List's publication date of the prices (`YYYY-MM-DD`).
    pub as_of: String,
    /// When they were fetched (ms since the Unix epoch).
    #[ts(type = "number")]
    pub fetched_ms: u64,
    /// Models now priced from the Price List.
    pub models: u32,
    /// Products seen whose model could not be named with certainty (left out, not guessed).
    pub unmapped: u32,
    /// Where the cache is.
    pub path: String,
}

/// Fetches the Bedrock prices of the session's region from the Price List and writes them to
/// `data_dir/cache/price-list.json`.
pub async fn refresh_price_list(session: &Session, data_dir: &Path) -> Result<PriceListRefresh> {
    let _ = (session, data_dir);
    Err(Error::internal("The Price List refresh is not built yet."))
}

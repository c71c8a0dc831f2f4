//! Prices from AWS's Price List API (GetProducts for `AmazonBedrock` and the other Bedrock
//! service codes), fetched only when the user asks, cached on disk with its date, and mapped
//! to model ids only where the mapping is certain. Between the built-in table and the user's
//! `prices.json` in precedence: a user's price always wins.
//!
//! The Price List names a Bedrock model by its display name (`"model": "Claude 3.5 Sonnet"`),
//! not by its id, one product per region and kind of token. A product is mapped to a model only
//! when that name is exactly the name of one model of the region's catalog
//! (ListFoundationModels); a name that matches none, or several, is left out and counted, never
//! matched by a prefix or to a neighbour (`Claude 3.5 Sonnet` is not `Claude 3.5 Sonnet v2`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use aws_sdk_pricing::types::{Filter, FilterType};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::Price;
use crate::error::{CallContext, Error, ErrorKind, Result};
use crate::session::Session;

/// The Price List cache's file name in the data folder's `cache/`.
pub const PRICE_LIST_FILE: &str = "price-list.json";

/// The Price List's endpoint region (it is served from us-east-1 for every region's prices).
const PRICE_LIST_REGION: &str = "us-east-1";

/// The service codes Bedrock's prices are published under: `AmazonBedrock` first (it must
/// answer), then the foundation models' own code, which an account or partition may not have
/// (a `NotFoundException` there is no error).
const SERVICE_CODES: [&str; 2] = ["AmazonBedrock", "AmazonBedrockFoundationModels"];

/// A listing longer than this many pages is refused rather than cut short.
const MAX_PAGES: usize = 1000;

/// The largest GetProducts page (botocore: `MaxResults` 1–100).
const PAGE_SIZE: i32 = 100;

/// The cache file's format version.
const CACHE_VERSION: u32 = 1;

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

/// The cache on disk: the prices of one region, by exact model id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PriceListFile {
    pub(super) version: u32,
    /// The region the prices are for (the session's when fetched).
    pub(super) region: String,
    /// The newest publication date of the prices (`YYYY-MM-DD`).
    pub(super) as_of: String,
    pub(super) fetched_ms: u64,
    pub(super) unmapped: u32,
    pub(super) prices: BTreeMap<String, CachedPrice>,
}

/// One model's Price List price and its publication date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct CachedPrice {
    pub(super) price: Price,
    pub(super) as_of: String,
}

/// The cache file of the data folder `data_dir`.
pub(super) fn cache_path(data_dir: &Path) -> PathBuf {
    data_dir.join("cache").join(PRICE_LIST_FILE)
}

/// Reads the cache: `Ok(None)` when there is none; an error (kind `Validation`, naming the file)
/// when it cannot be read or is not valid, so that none of it is used.
pub(super) fn read_cache(path: &Path) -> Result<Option<PriceListFile>> {
    let hint = "Refresh the prices from the AWS Price List again (Settings, or `strata prices \
                refresh`), or delete the file; the built-in prices are used meanwhile.";
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::validation(format!(
                "The Price List cache {} could not be read ({e}); its prices are not used.",
                path.display()
            ))
            .with_hint(hint))
        }
    };
    let invalid = |what: String| {
        Error::validation(format!(
            "The Price List cache {} is not valid: {what}; its prices are not used.",
            path.display()
        ))
        .with_hint(hint)
    };
    let file: PriceListFile = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    if file.version != CACHE_VERSION {
        return Err(invalid(format!(
            "version {} is not {CACHE_VERSION}",
            file.version
        )));
    }
    if let Some((id, _)) = file.prices.iter().find(|(_, p)| !p.price.is_valid()) {
        return Err(invalid(format!(
            "the price of {id} is negative or not a finite number"
        )));
    }
    Ok(Some(file))
}

impl super::PriceTable {
    /// This table with the Price List cache of the data folder `dir` (if there is one) between
    /// the built-in prices and the user's; an error when the cache is broken.
    pub(super) fn with_price_list_cache(mut self, dir: &Path) -> Result<Self> {
        let path = cache_path(dir);
        let Some(file) = read_cache(&path)? else {
            return Ok(self);
        };
        let entries = file
            .prices
            .iter()
            .map(|(id, cached)| {
                (
                    super::normalise_model_id(id).to_owned(),
                    super::table::Entry {
                        regional: cached.price,
                        global: None,
                        as_of: Some(cached.as_of.clone()),
                        source: super::PriceSource::PriceList,
                        note: format!("the AWS Price List for {}", file.region),
                    },
                )
            })
            .collect();
        self.price_list = Some(super::table::PriceListLayer {
            region: file.region,
            as_of: file.as_of,
            entries,
        });
        Ok(self)
    }
}

/// Fetches the Bedrock prices of the session's region from the Price List and writes them to
/// `data_dir/cache/price-list.json`.
///
/// Models are named from the region's catalog (ListFoundationModels) and only where a product's
/// model name is exactly one catalog model's name. Nothing is written when a call fails: the
/// cache in use stays as it was.
pub async fn refresh_price_list(session: &Session, data_dir: &Path) -> Result<PriceListRefresh> {
    let region = session.target.region.clone();
    let catalog = catalog_names(session).await?;
    let config = aws_sdk_pricing::config::Builder::from(&session.services_config())
        .region(aws_sdk_pricing::config::Region::new(PRICE_LIST_REGION))
        .build();
    let client = aws_sdk_pricing::Client::from_conf(config);
    let mut documents = Vec::new();
    for (i, code) in SERVICE_CODES.into_iter().enumerate() {
        match get_products(&client, session, code, &region).await {
            Ok(mut found) => documents.append(&mut found),
            // Only the first code must exist.
            Err(Missing::ServiceCode) if i > 0 => {}
            Err(Missing::ServiceCode) => {
                return Err(Error::new(
                    ErrorKind::NotFound,
                    format!("The AWS Price List has no service {code}."),
                )
                .with_hint("Try again later; the built-in prices are used meanwhile."))
            }
            Err(Missing::Failed(e)) => return Err(e),
        }
    }
    let fetched_ms = crate::clock::now_ms();
    let mapped = map_products(&documents, &region, &catalog);
    let as_of = mapped
        .prices
        .values()
        .map(|p| p.as_of.clone())
        .max()
        .unwrap_or_else(|| crate::costs::Day::of_ms(fetched_ms).to_string());
    let file = PriceListFile {
        version: CACHE_VERSION,
        region,
        as_of: as_of.clone(),
        fetched_ms,
        unmapped: mapped.unmapped,
        prices: mapped.prices,
    };
    let path = cache_path(data_dir);
    write_cache(&path, &file)?;
    tracing::info!(target: "pricing", models = file.prices.len(), unmapped = file.unmapped, %as_of, "prices refreshed from the AWS Price List");
    Ok(PriceListRefresh {
        as_of,
        fetched_ms,
        models: u32::try_from(file.prices.len()).unwrap_or(u32::MAX),
        unmapped: file.unmapped,
        path: path.display().to_string(),
    })
}

fn write_cache(path: &Path, file: &PriceListFile) -> Result<()> {
    let failed = |e: std::io::Error| {
        Error::internal(format!(
            "The Price List cache {} could not be written: {e}",
            path.display()
        ))
        .with_hint(
            "Check that the data folder is writable and the disk is not full, then refresh again.",
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let bytes = serde_json::to_vec_pretty(file)
        .map_err(|e| Error::internal(format!("The Price List cache could not be encoded: {e}")))?;
    crate::durable::write(path, &bytes).map_err(failed)
}

/// The region's foundation models: `(id, display name)`.
async fn catalog_names(session: &Session) -> Result<Vec<(String, String)>> {
    let out = session
        .control()
        .list_foundation_models()
        .send()
        .await
        .map_err(|e| {
            Error::from_sdk(
                &e,
                CallContext {
                    operation: "ListFoundationModels",
                    action: "bedrock:ListFoundationModels",
                    region: &session.target.region,
                    profile: session.target.profile.as_deref(),
                },
            )
        })?;
    Ok(out
        .model_summaries()
        .iter()
        .filter_map(|m| Some((m.model_id().to_owned(), m.model_name()?.to_owned())))
        .collect())
}

/// Why a service code's products could not be listed.
enum Missing {
    /// The Price List does not know the service code.
    ServiceCode,
    Failed(Error),
}

/// Every product of `code` in `region`, following `NextToken` (a repeated token or a listing
/// past [`MAX_PAGES`] is an error, never a silently short list).
async fn get_products(
    client: &aws_sdk_pricing::Client,
    session: &Session,
    code: &str,
    region: &str,
) -> std::result::Result<Vec<String>, Missing> {
    let filter = Filter::builder()
        .r#type(FilterType::TermMatch)
        .field("regionCode")
        .value(region)
        .build()
        .map_err(|e| Missing::Failed(Error::internal(format!("A Price List filter: {e}"))))?;
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut seen: HashSet<String> = HashSet::new();
    for _ in 0..MAX_PAGES {
        let answer = client
            .get_products()
            .service_code(code)
            .filters(filter.clone())
            .format_version("aws_v1")
            .max_results(PAGE_SIZE)
            .set_next_token(token.clone())
            .send()
            .await;
        let page = match answer {
            Ok(page) => page,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_not_found_exception()) =>
            {
                return Err(Missing::ServiceCode)
            }
            Err(e) => {
                return Err(Missing::Failed(Error::from_sdk(
                    &e,
                    CallContext {
                        operation: "GetProducts",
                        action: "pricing:GetProducts",
                        region: PRICE_LIST_REGION,
                        profile: session.target.profile.as_deref(),
                    },
                )))
            }
        };
        out.extend(page.price_list().iter().cloned());
        match page.next_token() {
            None => return Ok(out),
            Some(next) if !seen.insert(next.to_owned()) => {
                return Err(Missing::Failed(Error::internal(format!(
                    "The AWS Price List handed back the page token {next} twice."
                ))))
            }
            Some(next) => token = Some(next.to_owned()),
        }
    }
    Err(Missing::Failed(Error::internal(format!(
        "The AWS Price List listing of {code} went past {MAX_PAGES} pages."
    ))))
}

/// The kind of token a product prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Input,
    Output,
    CacheRead,
    CacheWrite,
}

impl Kind {
    /// The kind from the product's `inferenceType`, checked against its `usagetype`'s ending;
    /// `None` for any other product (images, batch, provisioned throughput, other routings).
    fn of(inference_type: &str, usagetype: &str) -> Option<Kind> {
        let (kind, suffix) = match inference_type {
            "Input tokens" => (Kind::Input, "-input-tokens"),
            "Output tokens" => (Kind::Output, "-output-tokens"),
            "Cache read input tokens" => (Kind::CacheRead, "-cache-read-input-tokens"),
            "Cache write input tokens" => (Kind::CacheWrite, "-cache-write-input-tokens"),
            _ => return None,
        };
        let lower = usagetype.to_ascii_lowercase();
        // Another billing mode than standard on-demand inference in the region.
        let other_mode = [
            "batch",
            "provisioned",
            "global",
            "flex",
            "priority",
            "latency",
        ]
        .iter()
        .any(|mode| lower.contains(mode));
        let cache_named = lower.contains("cache");
        let consistent = lower.ends_with(suffix)
            && (cache_named == matches!(kind, Kind::CacheRead | Kind::CacheWrite));
        (consistent && !other_mode).then_some(kind)
    }
}

/// One product read from its document.
enum Read {
    /// A token price of a model named `model`.
    Priced {
        model: String,
        kind: Kind,
        per_million: f64,
        as_of: String,
    },
    /// Not a token price (or not in the region): not counted.
    Ignored,
    /// A token price that cannot be read with certainty (unit, figures, terms, date).
    Uncertain,
}

/// `YYYY-MM-DD` from an ISO date-time (`2026-12-01T00:00:00Z`).
fn day_of(text: &str) -> Option<String> {
    let day = text.get(..10)?;
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
        .then(|| day.to_owned())
}

fn read_product(text: &str, region: &str) -> Read {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        return Read::Uncertain;
    };
    let attrs = &doc["product"]["attributes"];
    let attr = |name: &str| attrs[name].as_str();
    let Some(kind) = Kind::of(
        attr("inferenceType").unwrap_or_default(),
        attr("usagetype").unwrap_or_default(),
    ) else {
        return Read::Ignored;
    };
    if attr("regionCode") != Some(region) {
        return Read::Ignored;
    }
    let Some(model) = attr("model").filter(|m| !m.trim().is_empty()) else {
        return Read::Uncertain;
    };
    // Exactly one On-Demand term with exactly one dimension: anything else (tiers) is not one
    // price per token.
    let Some(terms) = doc["terms"]["OnDemand"].as_object() else {
        return Read::Uncertain;
    };
    let mut dims = terms
        .values()
        .filter_map(|t| t["priceDimensions"].as_object());
    let (Some(dims), None) = (dims.next(), dims.next()) else {
        return Read::Uncertain;
    };
    let mut values = dims.values();
    let (Some(dim), None) = (values.next(), values.next()) else {
        return Read::Uncertain;
    };
    let per_unit = match dim["unit"].as_str() {
        Some("1K tokens") => 1000.0,
        Some("1M tokens") => 1.0,
        _ => return Read::Uncertain,
    };
    let Some(usd) = dim["pricePerUnit"]["USD"]
        .as_str()
        .and_then(|u| u.trim().parse::<f64>().ok())
        .filter(|u| u.is_finite() && *u >= 0.0)
    else {
        return Read::Uncertain;
    };
    let date = doc["publicationDate"]
        .as_str()
        .or_else(|| terms.values().find_map(|t| t["effectiveDate"].as_str()))
        .and_then(day_of);
    let Some(as_of) = date else {
        return Read::Uncertain;
    };
    // Per 1M tokens, rid of the binary noise of `0.003 * 1000`.
    let per_million = (usd * per_unit * 1e9).round() / 1e9;
    Read::Priced {
        model: model.to_owned(),
        kind,
        per_million,
        as_of,
    }
}

/// The prices mapped with certainty, and how many token products were left out.
#[derive(Debug, Default)]
pub(super) struct Mapped {
    pub(super) prices: BTreeMap<String, CachedPrice>,
    pub(super) unmapped: u32,
}

/// One model's prices found so far: each kind's figures, how many products, the newest date.
type Found = (HashMap<Kind, Vec<f64>>, u32, String);

/// Maps the Price List's `documents` (GetProducts' JSON strings) of `region` to the catalog's
/// models `(id, name)`: a model gets a price only when exactly one catalog model has the
/// product's name, its input and output prices are both there, and no kind has two different
/// prices. Every other token product counts in [`Mapped::unmapped`].
pub(super) fn map_products(
    documents: &[String],
    region: &str,
    catalog: &[(String, String)],
) -> Mapped {
    let mut ids_by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, name) in catalog {
        let ids = ids_by_name.entry(name.as_str()).or_default();
        if !ids.contains(&id.as_str()) {
            ids.push(id.as_str());
        }
    }
    let mut unmapped = 0u32;
    // By model id: the prices of each kind, how many products, the newest date.
    let mut found: BTreeMap<&str, Found> = BTreeMap::new();
    for text in documents {
        match read_product(text, region) {
            Read::Ignored => {}
            Read::Uncertain => unmapped += 1,
            Read::Priced {
                model,
                kind,
                per_million,
                as_of,
            } => match ids_by_name.get(model.as_str()).map(Vec::as_slice) {
                Some([id]) => {
                    let entry = found.entry(*id).or_default();
                    entry.0.entry(kind).or_default().push(per_million);
                    entry.1 += 1;
                    if as_of > entry.2 {
                        entry.2 = as_of;
                    }
                }
                // No catalog model of that name, or several: not certain.
                _ => unmapped += 1,
            },
        }
    }
    let mut prices = BTreeMap::new();
    for (id, (kinds, products, as_of)) in found {
        let one = |kind: Kind| -> std::result::Result<Option<f64>, ()> {
            match kinds.get(&kind).map(Vec::as_slice) {
                None => Ok(None),
                Some([first, rest @ ..]) if rest.iter().all(|p| p == first) => Ok(Some(*first)),
                Some(_) => Err(()),
            }
        };
        match (
            one(Kind::Input),
            one(Kind::Output),
            one(Kind::CacheRead),
            one(Kind::CacheWrite),
        ) {
            (Ok(Some(input)), Ok(Some(output)), Ok(read), Ok(write)) => {
                let price = Price {
                    input_per_million: input,
                    output_per_million: output,
                    cache_read_per_million: read,
                    cache_write_per_million: write,
                };
                prices.insert(id.to_owned(), CachedPrice { price, as_of });
            }
            _ => unmapped += products,
        }
    }
    Mapped { prices, unmapped }
}

#[cfg(test)]
mod tests;

//! The user's `prices.json`, laid over the built-in prices: read whole or not at all.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::table::Entry;
use super::{normalise_model_id, Price, PriceLoad, PriceSource, PriceTable};
use crate::error::Error;

/// What the price file must look like, shown when it is not valid.
const FILE_SHAPE_HINT: &str = "Expected {\"prices\": {\"MODEL_ID\": {\"inputPerMillion\": 0.25, \
\"outputPerMillion\": 1.25, \"cacheReadPerMillion\": 0.03, \"cacheWritePerMillion\": 0.3}}} with \
exact model ids (e.g. anthropic.claude-3-haiku-20240307-v1:0) and non-negative numbers; the two \
cache prices are optional. Fix or remove the file and restart Strata.";

/// A user's override file: `{"prices": {"MODEL_ID": {"inputPerMillion": …}}}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    prices: HashMap<String, Price>,
}

impl PriceTable {
    /// The built-in prices with the user's file at `path` on top. A missing file is no
    /// problem; a file that cannot be read or is not valid is reported in
    /// [`PriceLoad::problem`], and then none of its prices is used: a guess is worse than the
    /// built-in figure or "unknown".
    pub fn load(path: &Path) -> PriceLoad {
        Self::built_in().with_user_file(path)
    }

    /// The prices of the data folder `dir`: built-in, then the cached Price List
    /// (`cache/price-list.json`), then the user's `prices.json`, each later one winning. A
    /// broken cache or file is reported in [`PriceLoad`] and none of it is used.
    pub fn load_dir(dir: &Path) -> PriceLoad {
        let (table, price_list_problem) = match Self::built_in().with_price_list_cache(dir) {
            Ok(table) => (table, None),
            Err(problem) => (Self::built_in(), Some(problem)),
        };
        PriceLoad {
            price_list_problem,
            ..table.with_user_file(&dir.join(super::PRICES_FILE))
        }
    }

    /// This table with the user's file at `path` on top.
    fn with_user_file(self, path: &Path) -> PriceLoad {
        let mut table = self;
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
                    price_list_problem: None,
                }
            }
            Err(problem) => PriceLoad {
                table,
                problem: Some(problem),
                price_list_problem: None,
            },
        }
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

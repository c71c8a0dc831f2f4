//! What a turn costs: USD per million input and output tokens for the foundation models Strata
//! knows, dated and with their source, overridable by the user. A profile (application or
//! system-defined) is priced by the foundation model underneath it. A model without a known price
//! is "unknown", never free.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// The date the built-in prices were compiled.
pub const PRICES_AS_OF: &str = "2025-06-01";

/// Where the built-in prices come from.
pub const PRICES_SOURCE: &str =
    "Amazon Bedrock on-demand list prices for us-east-1 (aws.amazon.com/bedrock/pricing); \
other regions and cross-region routing can cost more";

/// The built-in table: model id prefix (without version suffix), USD per 1M input, per 1M output.
/// Longest matching prefix wins, so `anthropic.claude-3-5-haiku` is not priced as `claude-3-haiku`.
const BUILT_IN: &[(&str, f64, f64)] = &[
    ("anthropic.claude-3-haiku", 0.25, 1.25),
    ("anthropic.claude-3-5-haiku", 0.80, 4.00),
    ("anthropic.claude-3-sonnet", 3.00, 15.00),
    ("anthropic.claude-3-5-sonnet", 3.00, 15.00),
    ("anthropic.claude-3-7-sonnet", 3.00, 15.00),
    ("anthropic.claude-sonnet-4", 3.00, 15.00),
    ("anthropic.claude-3-opus", 15.00, 75.00),
    ("anthropic.claude-opus-4", 15.00, 75.00),
    ("amazon.nova-micro", 0.035, 0.14),
    ("amazon.nova-lite", 0.06, 0.24),
    ("amazon.nova-pro", 0.80, 3.20),
    ("amazon.titan-text-express", 0.20, 0.60),
    ("amazon.titan-text-lite", 0.15, 0.20),
    ("amazon.titan-text-premier", 0.50, 1.50),
    ("meta.llama3-8b-instruct", 0.30, 0.60),
    ("meta.llama3-70b-instruct", 2.65, 3.50),
    ("meta.llama3-1-8b-instruct", 0.22, 0.22),
    ("meta.llama3-1-70b-instruct", 0.72, 0.72),
    ("meta.llama3-1-405b-instruct", 2.40, 2.40),
    ("meta.llama3-2-1b-instruct", 0.10, 0.10),
    ("meta.llama3-2-3b-instruct", 0.15, 0.15),
    ("meta.llama3-2-11b-instruct", 0.16, 0.16),
    ("meta.llama3-2-90b-instruct", 0.72, 0.72),
    ("meta.llama3-3-70b-instruct", 0.72, 0.72),
    ("mistral.mistral-7b-instruct", 0.15, 0.20),
    ("mistral.mixtral-8x7b-instruct", 0.45, 0.70),
    ("mistral.mistral-small", 1.00, 3.00),
    ("mistral.mistral-large", 4.00, 12.00),
    ("cohere.command-r-plus", 3.00, 15.00),
    ("cohere.command-r", 0.50, 1.50),
];

/// The price of one model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    /// USD per million input tokens.
    pub input_per_million: f64,
    /// USD per million output tokens.
    pub output_per_million: f64,
}

impl Price {
    /// The cost of `input` and `output` tokens.
    pub fn cost(&self, input: u64, output: u64) -> f64 {
        (input as f64 * self.input_per_million + output as f64 * self.output_per_million)
            / 1_000_000.0
    }
}

/// A user's override file: `{"prices": {"anthropic.claude-3-haiku": {"inputPerMillion": 0.3,
/// "outputPerMillion": 1.5}}}`; keys are model ids or id prefixes.
#[derive(Debug, Deserialize)]
struct OverrideFile {
    prices: HashMap<String, Price>,
}

/// Prices by model id prefix.
#[derive(Debug, Clone)]
pub struct PriceTable {
    prices: Vec<(String, Price)>,
}

impl Default for PriceTable {
    fn default() -> Self {
        Self::built_in()
    }
}

impl PriceTable {
    /// The built-in prices (see [`PRICES_AS_OF`] and [`PRICES_SOURCE`]).
    pub fn built_in() -> Self {
        Self {
            prices: BUILT_IN
                .iter()
                .map(|(id, i, o)| {
                    (
                        (*id).to_owned(),
                        Price {
                            input_per_million: *i,
                            output_per_million: *o,
                        },
                    )
                })
                .collect(),
        }
    }

    /// The built-in prices with the user's overrides from `path` on top, if the file exists.
    /// A file that exists but cannot be read is an error naming it: wrong prices are worse than none.
    pub fn with_overrides(path: &Path) -> Result<Self> {
        let mut table = Self::built_in();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(table),
            Err(e) => {
                return Err(Error::internal(format!(
                    "The price file {} could not be read: {e}",
                    path.display()
                )))
            }
        };
        let file: OverrideFile = serde_json::from_str(&text).map_err(|e| {
            Error::validation(format!(
                "The price file {} is not valid: {e}",
                path.display()
            ))
            .with_hint("Expected {\"prices\": {\"MODEL_ID\": {\"inputPerMillion\": 0.25, \"outputPerMillion\": 1.25}}}.")
        })?;
        for (id, price) in file.prices {
            if !(price.input_per_million >= 0.0 && price.output_per_million >= 0.0) {
                return Err(Error::validation(format!(
                    "The price of {id} in {} is negative or not a number.",
                    path.display()
                )));
            }
            table.prices.retain(|(known, _)| known != &id);
            table.prices.push((id, price));
        }
        Ok(table)
    }

    /// The price of a foundation model id (`anthropic.claude-3-haiku-20240307-v1:0`), by the
    /// longest known prefix; a system profile id's geography prefix (`us.`) is ignored.
    pub fn price_of(&self, model_id: &str) -> Option<Price> {
        let id = strip_geography(model_id);
        self.prices
            .iter()
            .filter(|(prefix, _)| id.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, p)| *p)
    }
}

/// `us.anthropic.…` → `anthropic.…`; other ids unchanged.
fn strip_geography(id: &str) -> &str {
    match id.split_once('.') {
        Some((geo, rest)) if crate::catalog::geography_of(id).is_some() && !geo.is_empty() => rest,
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn longest_prefix_wins_and_geographies_are_ignored() {
        let t = PriceTable::built_in();
        let haiku = t
            .price_of("anthropic.claude-3-haiku-20240307-v1:0")
            .unwrap();
        assert_eq!(haiku.input_per_million, 0.25);
        let haiku35 = t
            .price_of("anthropic.claude-3-5-haiku-20241022-v1:0")
            .unwrap();
        assert_eq!(haiku35.input_per_million, 0.80);
        assert_eq!(
            t.price_of("us.anthropic.claude-3-haiku-20240307-v1:0"),
            Some(haiku)
        );
        assert_eq!(
            t.price_of("cohere.command-r-plus-v1:0")
                .unwrap()
                .input_per_million,
            3.0
        );
        assert_eq!(
            t.price_of("cohere.command-r-v1:0")
                .unwrap()
                .input_per_million,
            0.5
        );
    }

    #[test]
    fn unknown_models_have_no_price() {
        assert_eq!(
            PriceTable::built_in().price_of("acme.mystery-model-v1"),
            None
        );
    }

    #[test]
    fn cost_is_per_million_tokens() {
        let p = Price {
            input_per_million: 3.0,
            output_per_million: 15.0,
        };
        assert!((p.cost(1_000, 2_000) - 0.033).abs() < 1e-12);
    }

    #[test]
    fn a_user_file_overrides_and_adds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prices.json");
        assert!(
            PriceTable::with_overrides(&path).is_ok(),
            "no file: built-in"
        );
        std::fs::write(
            &path,
            r#"{"prices": {"anthropic.claude-3-haiku": {"inputPerMillion": 0.3, "outputPerMillion": 1.5},
                          "acme.mystery": {"inputPerMillion": 1, "outputPerMillion": 2}}}"#,
        )
        .unwrap();
        let t = PriceTable::with_overrides(&path).unwrap();
        assert_eq!(
            t.price_of("anthropic.claude-3-haiku-20240307-v1:0")
                .unwrap()
                .input_per_million,
            0.3
        );
        assert_eq!(
            t.price_of("acme.mystery-model-v1")
                .unwrap()
                .output_per_million,
            2.0
        );
        std::fs::write(&path, "{oops").unwrap();
        assert_eq!(
            PriceTable::with_overrides(&path).unwrap_err().kind(),
            crate::ErrorKind::Validation
        );
    }
}

//! The product documents of the emulator's Price List: for every priced model of each seeded
//! region's catalog, one input-token and one output-token product, in AWS's `aws_v1` format.

use serde_json::{json, Value};

use crate::catalog::{Catalog, SEEDED_REGIONS};
use crate::costs::prices;
use crate::wire::fnv1a;

/// The publication date of the emulator's price list (the date its prices are as of).
pub(crate) const PUBLICATION_DATE: &str = "2026-12-01T00:00:00Z";

/// AWS's offer term code of On-Demand terms and the rate code of their one dimension.
const ON_DEMAND_TERM: &str = "JRTCKXETXF";
const RATE_CODE: &str = "6YS6EN2CT7";

/// The usage-type prefix and location name AWS gives each seeded region.
fn region_names(region: &str) -> Option<(&'static str, &'static str)> {
    Some(match region {
        "us-east-1" => ("USE1", "US East (N. Virginia)"),
        "us-west-2" => ("USW2", "US West (Oregon)"),
        "eu-central-1" => ("EUC1", "EU (Frankfurt)"),
        "ap-northeast-1" => ("APN1", "Asia Pacific (Tokyo)"),
        _ => return None,
    })
}

/// A stable SKU (16 characters of A–Z and 2–9, as AWS's look) for a product's identity.
fn sku(parts: &[&str]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut hash = fnv1a(parts);
    let mut out = String::with_capacity(16);
    for i in 0..16 {
        if i == 12 {
            hash = fnv1a(&[out.as_str(), "sku"]);
        }
        out.push(char::from(ALPHABET[(hash % 32) as usize]));
        hash /= 32;
    }
    out
}

/// One product: `kind` is `input` or `output`, `per_million` the emulator's USD per 1M tokens,
/// published (as AWS does for Bedrock) per 1K tokens.
fn product(region: &str, model_name: &str, provider: &str, kind: &str, per_million: f64) -> Value {
    let Some((prefix, location)) = region_names(region) else {
        return Value::Null;
    };
    let compact: String = model_name.chars().filter(|c| !c.is_whitespace()).collect();
    let usagetype = format!("{prefix}-{compact}-{kind}-tokens");
    let sku = sku(&[region, &usagetype]);
    let term = format!("{sku}.{ON_DEMAND_TERM}");
    let rate = format!("{term}.{RATE_CODE}");
    let inference_type = if kind == "input" {
        "Input tokens"
    } else {
        "Output tokens"
    };
    let per_thousand = format!("{:.10}", per_million / 1000.0);
    json!({
        "product": {
            "productFamily": "Amazon Bedrock",
            "attributes": {
                "servicecode": "AmazonBedrock",
                "servicename": "Amazon Bedrock",
                "regionCode": region,
                "location": location,
                "locationType": "AWS Region",
                "usagetype": usagetype,
                "operation": "Usage",
                "provider": provider,
                "model": model_name,
                "inferenceType": inference_type,
                "feature": "On-demand Inference",
            },
            "sku": sku,
        },
        "serviceCode": "AmazonBedrock",
        "terms": {
            "OnDemand": {
                term.clone(): {
                    "priceDimensions": {
                        rate.clone(): {
                            "unit": "1K tokens",
                            "endRange": "Inf",
                            "description": format!(
                                "{location} {model_name} {inference_type}, per 1K tokens"
                            ),
                            "appliesTo": [],
                            "rateCode": rate,
                            "beginRange": "0",
                            "pricePerUnit": { "USD": per_thousand },
                        }
                    },
                    "sku": sku,
                    "effectiveDate": PUBLICATION_DATE,
                    "offerTermCode": ON_DEMAND_TERM,
                    "termAttributes": {},
                }
            }
        },
        "version": "20261201000000",
        "publicationDate": PUBLICATION_DATE,
    })
}

/// Every product, in a stable order (region, then the catalog's order of models, input first).
/// A model's regional price is published: the price of the region the call is made in.
pub(crate) fn all(catalog: &Catalog) -> Vec<Value> {
    let mut out = Vec::new();
    for region in SEEDED_REGIONS {
        for model in &catalog.region(region).models {
            let Some(price) = prices::price_of(model.spec.id, false) else {
                continue;
            };
            let (name, provider) = (model.spec.name, model.spec.provider);
            out.push(product(
                region,
                name,
                provider,
                "input",
                price.input_per_million,
            ));
            out.push(product(
                region,
                name,
                provider,
                "output",
                price.output_per_million,
            ));
        }
    }
    out.retain(|p| !p.is_null());
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_product_is_in_aws_format_and_priced_per_1k_tokens() {
        let catalog = Catalog::build("123456789012");
        let products = all(&catalog);
        assert!(!products.is_empty());
        for p in &products {
            let attrs = &p["product"]["attributes"];
            let usagetype = attrs["usagetype"].as_str().unwrap_or_default();
            assert!(usagetype.ends_with("-input-tokens") || usagetype.ends_with("-output-tokens"));
            let (_, term) = p["terms"]["OnDemand"]
                .as_object()
                .and_then(|t| t.iter().next())
                .unwrap();
            let (_, dim) = term["priceDimensions"]
                .as_object()
                .and_then(|d| d.iter().next())
                .unwrap();
            assert_eq!(dim["unit"], "1K tokens");
            assert!(dim["pricePerUnit"]["USD"]
                .as_str()
                .unwrap()
                .parse::<f64>()
                .is_ok());
        }
        // Claude 3.5 Sonnet (v1) in Tokyo: $3 and $15 per 1M tokens are $0.003 and $0.015 per 1K.
        let sonnet: Vec<&Value> = products
            .iter()
            .filter(|p| {
                p["product"]["attributes"]["model"] == "Claude 3.5 Sonnet"
                    && p["product"]["attributes"]["regionCode"] == "ap-northeast-1"
            })
            .collect();
        assert_eq!(sonnet.len(), 2);
        let usd = |p: &Value| {
            let term = p["terms"]["OnDemand"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap();
            let dim = term["priceDimensions"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap();
            dim["pricePerUnit"]["USD"].as_str().unwrap().to_owned()
        };
        assert_eq!(
            sonnet[0]["product"]["attributes"]["usagetype"],
            "APN1-Claude3.5Sonnet-input-tokens"
        );
        assert_eq!(usd(sonnet[0]), "0.0030000000");
        assert_eq!(usd(sonnet[1]), "0.0150000000");
        // SKUs are unique.
        let mut skus: Vec<&str> = products
            .iter()
            .map(|p| p["product"]["sku"].as_str().unwrap())
            .collect();
        let n = skus.len();
        skus.sort_unstable();
        skus.dedup();
        assert_eq!(skus.len(), n);
    }
}

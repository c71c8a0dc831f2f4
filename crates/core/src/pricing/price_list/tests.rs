#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use serde_json::json;

const TOKYO: &str = "ap-northeast-1";

fn catalog() -> Vec<(String, String)> {
    [
        (
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            "Claude 3.5 Sonnet",
        ),
        (
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "Claude 3.5 Sonnet v2",
        ),
        ("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku"),
        // Two models of one name: neither can be named by it.
        ("example.twin-a-v1:0", "Twin"),
        ("example.twin-b-v1:0", "Twin"),
    ]
    .into_iter()
    .map(|(id, name)| (id.to_owned(), name.to_owned()))
    .collect()
}

/// A product document in the Price List's format.
fn doc(model: &str, kind: &str, unit: &str, usd: &str) -> String {
    let (inference_type, suffix) = match kind {
        "input" => ("Input tokens", "input-tokens"),
        "output" => ("Output tokens", "output-tokens"),
        "cache-read" => ("Cache read input tokens", "cache-read-input-tokens"),
        "cache-write" => ("Cache write input tokens", "cache-write-input-tokens"),
        other => (other, other),
    };
    let compact: String = model.chars().filter(|c| !c.is_whitespace()).collect();
    json!({
        "product": {
            "productFamily": "Amazon Bedrock",
            "attributes": {
                "servicecode": "AmazonBedrock",
                "regionCode": TOKYO,
                "usagetype": format!("APN1-{compact}-{suffix}"),
                "model": model,
                "inferenceType": inference_type,
            },
            "sku": "SKU1",
        },
        "serviceCode": "AmazonBedrock",
        "terms": {"OnDemand": {"SKU1.JRTCKXETXF": {
            "priceDimensions": {"SKU1.JRTCKXETXF.6YS6EN2CT7": {
                "unit": unit,
                "pricePerUnit": {"USD": usd},
                "description": "test",
            }},
            "effectiveDate": "2026-11-01T00:00:00Z",
        }}},
        "publicationDate": "2026-11-15T00:00:00Z",
    })
    .to_string()
}

#[test]
fn exact_names_map_to_their_model_per_million_tokens_with_the_publication_date() {
    let docs = [
        doc("Claude 3.5 Sonnet", "input", "1K tokens", "0.0030000000"),
        doc("Claude 3.5 Sonnet", "output", "1K tokens", "0.0150000000"),
        doc("Claude 3.5 Sonnet v2", "input", "1M tokens", "3.00"),
        doc("Claude 3.5 Sonnet v2", "output", "1M tokens", "15.00"),
        doc("Claude 3.5 Sonnet v2", "cache-read", "1M tokens", "0.30"),
        doc("Claude 3.5 Sonnet v2", "cache-write", "1M tokens", "3.75"),
    ];
    let mapped = map_products(&docs, TOKYO, &catalog());
    assert_eq!(mapped.unmapped, 0);
    let v1 = &mapped.prices["anthropic.claude-3-5-sonnet-20240620-v1:0"];
    assert_eq!(v1.price, Price::new(3.0, 15.0));
    assert_eq!(v1.as_of, "2026-11-15");
    let v2 = &mapped.prices["anthropic.claude-3-5-sonnet-20241022-v2:0"];
    assert_eq!(v2.price, Price::new(3.0, 15.0).with_cache(0.3, 3.75));
    assert_eq!(mapped.prices.len(), 2);
}

#[test]
fn a_mapping_that_is_not_certain_is_left_out_and_counted() {
    let docs = [
        // A prefix of a catalog name, and a neighbour's name with a suffix: no model.
        doc("Claude 3.5", "input", "1K tokens", "0.003"),
        doc("Claude 3.5 Sonnet v3", "input", "1K tokens", "0.003"),
        // A name two models share.
        doc("Twin", "input", "1K tokens", "0.001"),
        // An exact name, but per image: not a token price we can use.
        doc("Claude 3 Haiku", "input", "1 image", "0.04"),
        // Haiku's output with no input: half a price is no price.
        doc("Claude 3 Haiku", "output", "1K tokens", "0.00125"),
        // Different figures for one kind: which is right is not known.
        doc("Claude 3.5 Sonnet", "input", "1K tokens", "0.003"),
        doc("Claude 3.5 Sonnet", "input", "1K tokens", "0.004"),
        doc("Claude 3.5 Sonnet", "output", "1K tokens", "0.015"),
        // Not a number.
        doc("Claude 3.5 Sonnet v2", "input", "1K tokens", "n/a"),
        doc("Claude 3.5 Sonnet v2", "output", "1K tokens", "0.015"),
    ];
    let mapped = map_products(&docs, TOKYO, &catalog());
    assert!(mapped.prices.is_empty(), "{:?}", mapped.prices);
    // 3 unknown names + image unit + lone output + 3 conflicting + bad figure + v2's output.
    assert_eq!(mapped.unmapped, 10);
}

#[test]
fn other_billing_modes_and_regions_are_not_token_prices_and_not_counted() {
    let mut batch: Value =
        serde_json::from_str(&doc("Claude 3 Haiku", "input", "1K tokens", "0.000125")).unwrap();
    batch["product"]["attributes"]["usagetype"] = json!("APN1-Claude3Haiku-batch-input-tokens");
    let mut elsewhere: Value =
        serde_json::from_str(&doc("Claude 3 Haiku", "input", "1K tokens", "0.00025")).unwrap();
    elsewhere["product"]["attributes"]["regionCode"] = json!("us-east-1");
    let docs = [
        batch.to_string(),
        elsewhere.to_string(),
        doc("Claude 3 Haiku", "Provisioned throughput", "1 hour", "44"),
        doc("Claude 3 Haiku", "input", "1K tokens", "0.00025"),
        doc("Claude 3 Haiku", "output", "1K tokens", "0.00125"),
    ];
    let mapped = map_products(&docs, TOKYO, &catalog());
    assert_eq!(mapped.unmapped, 0);
    assert_eq!(
        mapped.prices["anthropic.claude-3-haiku-20240307-v1:0"].price,
        Price::new(0.25, 1.25)
    );
}

#[test]
fn a_broken_cache_is_reported_and_a_missing_one_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = cache_path(dir.path());
    assert_eq!(read_cache(&path).unwrap(), None);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "{not json").unwrap();
    let e = read_cache(&path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.message().contains(&path.display().to_string()), "{e:?}");
    assert!(e.hint().is_some());
}

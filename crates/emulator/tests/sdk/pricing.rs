//! The Price List (GetProducts) on the emulator's port, through aws-sdk-pricing: AWS-format
//! product documents of the emulator's own prices, filters, paging and errors.

use aws_sdk_pricing::types::{Filter, FilterType};
use bedrock_emulator::{EmulatorHandle, Seed};
use serde_json::Value;

use crate::common::{http, services, start, TOKYO, VIRGINIA};

fn pricing(emulator: &EmulatorHandle) -> aws_sdk_pricing::Client {
    aws_sdk_pricing::Client::new(&services(emulator, VIRGINIA))
}

fn term(field: &str, value: &str) -> Filter {
    Filter::builder()
        .r#type(FilterType::TermMatch)
        .field(field)
        .value(value)
        .build()
        .unwrap()
}

/// The one On-Demand price dimension of a product: (unit, USD).
fn on_demand(product: &Value) -> (String, String) {
    let terms = product["terms"]["OnDemand"].as_object().unwrap();
    assert_eq!(terms.len(), 1, "one On-Demand term");
    let term = terms.values().next().unwrap();
    let dims = term["priceDimensions"].as_object().unwrap();
    assert_eq!(dims.len(), 1, "one price dimension");
    let dim = dims.values().next().unwrap();
    (
        dim["unit"].as_str().unwrap().to_owned(),
        dim["pricePerUnit"]["USD"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn get_products_publishes_the_emulators_prices_in_aws_format() {
    let emulator = start(Seed::Empty).await;
    let out = pricing(&emulator)
        .get_products()
        .service_code("AmazonBedrock")
        .filters(term("regionCode", TOKYO))
        .filters(term("model", "Claude 3.5 Sonnet"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.format_version(), Some("aws_v1"));
    assert_eq!(out.next_token(), None);
    let products: Vec<Value> = out
        .price_list()
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
    assert_eq!(products.len(), 2, "input and output tokens");
    let mut seen = Vec::new();
    for p in &products {
        let attrs = &p["product"]["attributes"];
        assert_eq!(attrs["servicecode"], "AmazonBedrock");
        assert_eq!(attrs["regionCode"], TOKYO);
        assert_eq!(attrs["location"], "Asia Pacific (Tokyo)");
        assert_eq!(attrs["model"], "Claude 3.5 Sonnet");
        assert_eq!(p["serviceCode"], "AmazonBedrock");
        assert_eq!(p["publicationDate"], "2026-12-01T00:00:00Z");
        assert!(p["product"]["sku"].as_str().is_some_and(|s| s.len() == 16));
        let (unit, usd) = on_demand(p);
        seen.push((
            attrs["usagetype"].as_str().unwrap().to_owned(),
            attrs["inferenceType"].as_str().unwrap().to_owned(),
            unit,
            usd,
        ));
    }
    let row = |u: &str, k: &str, usd: &str| {
        (
            u.to_owned(),
            k.to_owned(),
            "1K tokens".to_owned(),
            usd.to_owned(),
        )
    };
    // $3 and $15 per 1M tokens: the prices the emulator bills Claude 3.5 Sonnet with.
    assert_eq!(
        seen,
        [
            row(
                "APN1-Claude3.5Sonnet-input-tokens",
                "Input tokens",
                "0.0030000000"
            ),
            row(
                "APN1-Claude3.5Sonnet-output-tokens",
                "Output tokens",
                "0.0150000000"
            ),
        ]
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn filters_narrow_by_region_and_paging_returns_every_product_once() {
    let emulator = start(Seed::Empty).await;
    let client = pricing(&emulator);
    let all: Vec<String> = client
        .get_products()
        .service_code("AmazonBedrock")
        .filters(term("regionCode", VIRGINIA))
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert!(all.len() > 10, "{}", all.len());
    for text in &all {
        let p: Value = serde_json::from_str(text).unwrap();
        assert_eq!(p["product"]["attributes"]["regionCode"], VIRGINIA);
    }
    // Pages of 7: the same products, in the same order, each once.
    let mut paged = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = client
            .get_products()
            .service_code("AmazonBedrock")
            .filters(term("regionCode", VIRGINIA))
            .max_results(7)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        assert!(out.price_list().len() <= 7);
        paged.extend(out.price_list().iter().cloned());
        pages += 1;
        match out.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(paged, all);
    assert_eq!(pages, all.len().div_ceil(7));
    // A region with no Bedrock catalog has no products.
    let none = client
        .get_products()
        .service_code("AmazonBedrock")
        .filters(term("regionCode", "sa-east-1"))
        .send()
        .await
        .unwrap();
    assert!(none.price_list().is_empty());
    emulator.shutdown().await;
}

#[tokio::test]
async fn bad_requests_get_the_price_lists_errors() {
    let emulator = start(Seed::Empty).await;
    let client = pricing(&emulator);
    let unknown = client
        .get_products()
        .service_code("AmazonNotAService")
        .send()
        .await
        .unwrap_err();
    assert!(
        unknown
            .as_service_error()
            .is_some_and(|e| e.is_not_found_exception()),
        "{unknown:?}"
    );
    let token = client
        .get_products()
        .service_code("AmazonBedrock")
        .next_token("not-a-token")
        .send()
        .await
        .unwrap_err();
    assert!(
        token
            .as_service_error()
            .is_some_and(|e| e.is_invalid_next_token_exception()),
        "{token:?}"
    );
    let format = client
        .get_products()
        .service_code("AmazonBedrock")
        .format_version("aws_v2")
        .send()
        .await
        .unwrap_err();
    assert!(
        format
            .as_service_error()
            .is_some_and(|e| e.is_invalid_parameter_exception()),
        "{format:?}"
    );
    // MaxResults is 1–100, checked before anything else.
    let page = client
        .get_products()
        .service_code("AmazonBedrock")
        .max_results(101)
        .send()
        .await
        .unwrap_err();
    let meta = aws_sdk_pricing::error::ProvideErrorMetadata::meta(&page);
    assert_eq!(meta.code(), Some("ValidationException"));
    assert!(
        meta.message().is_some_and(|m| m.contains("maxResults")),
        "{meta:?}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn get_products_must_be_signed_for_pricing() {
    let emulator = start(Seed::Empty).await;
    let body = r#"{"ServiceCode":"AmazonBedrock"}"#;
    let auth = "AWS4-HMAC-SHA256 Credential=AKIDEMULATORTEST/20260101/us-east-1/ce/aws4_request, \
                SignedHeaders=host;x-amz-date, Signature=abc";
    let now = crate::common::amz_now();
    let (status, _, text) = http(
        &emulator,
        "POST",
        "/",
        &[
            ("x-amz-target", "AWSPriceListService.GetProducts"),
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-date", now.as_str()),
            ("authorization", auth),
        ],
        body,
    )
    .await;
    assert_eq!(status, 403, "{text}");
    assert!(
        text.contains("Credential should be scoped to correct service: 'pricing'."),
        "{text}"
    );
    // The code is in the body too, where JSON-1.1 clients (the AWS CLI, boto3) look for it.
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["__type"], "InvalidSignatureException");
    emulator.shutdown().await;
}

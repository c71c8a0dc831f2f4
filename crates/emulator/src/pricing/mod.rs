//! The AWS Price List (awsJson1.1 on `POST /`, `X-Amz-Target: AWSPriceListService.*`, signed
//! for `pricing`): `GetProducts` for the `AmazonBedrock` service code, publishing the emulator's
//! own price list ([`crate::costs::prices`], the one it bills with) as AWS publishes Bedrock's:
//! one product per model, region and kind of token, each a JSON document *string* with
//! `product.attributes` (`servicecode`, `regionCode`, `usagetype`, `model` (the display name, as
//! AWS has it, not the model id), `inferenceType` …) and `terms.OnDemand` priced per 1K tokens.

mod products;

use axum::http::HeaderValue;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{AwsError, ErrorKind};
use crate::server::Shared;
use crate::validate::Violations;
use crate::wire::{json_response, parse_body};

/// The `X-Amz-Target` prefix of the Price List's operations.
pub(crate) const TARGET_PREFIX: &str = "AWSPriceListService.";

/// The one service code the emulator publishes.
pub(crate) const BEDROCK_SERVICE_CODE: &str = "AmazonBedrock";

/// The page of GetProducts when `MaxResults` is not given (botocore allows 1–100).
const DEFAULT_PAGE: usize = 100;

const FILTER_TYPES: [&str; 5] = ["TERM_MATCH", "EQUALS", "CONTAINS", "ANY_OF", "NONE_OF"];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GetProductsRequest {
    service_code: Option<String>,
    filters: Option<Vec<FilterJson>>,
    format_version: Option<String>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FilterJson {
    #[serde(rename = "Type")]
    kind: Option<String>,
    field: Option<String>,
    value: Option<String>,
}

/// A checked filter.
struct Filter {
    kind: String,
    field: String,
    value: String,
}

impl Filter {
    /// Whether `product` matches: the field is `ServiceCode` or an attribute name; TERM_MATCH
    /// and EQUALS compare exactly, CONTAINS by substring, ANY_OF / NONE_OF against the
    /// comma-separated values.
    fn matches(&self, product: &Value) -> bool {
        let actual = if self.field.eq_ignore_ascii_case("ServiceCode") {
            product["serviceCode"].as_str()
        } else {
            product["product"]["attributes"][self.field.as_str()].as_str()
        };
        let Some(actual) = actual else {
            return self.kind == "NONE_OF";
        };
        let any = || self.value.split(',').map(str::trim).any(|v| v == actual);
        match self.kind.as_str() {
            "CONTAINS" => actual.contains(self.value.as_str()),
            "ANY_OF" => any(),
            "NONE_OF" => !any(),
            _ => actual == self.value,
        }
    }
}

fn invalid_token() -> AwsError {
    AwsError::new(
        ErrorKind::InvalidNextTokenException,
        ErrorKind::InvalidNextTokenException.default_message(),
    )
}

/// `AWSPriceListService.GetProducts`.
pub(crate) fn get_products(shared: &Shared, body: &[u8]) -> Result<Response, AwsError> {
    let request: GetProductsRequest = parse_body(body)?;
    let mut violations = Violations::new();
    match &request.service_code {
        None => violations.missing("serviceCode"),
        Some(code) => violations.string(code, "serviceCode", 1, 32, ".*", |_| true),
    }
    if let Some(version) = &request.format_version {
        violations.string(version, "formatVersion", 1, 32, ".*", |_| true);
    }
    if let Some(max) = request.max_results {
        violations.range(max, "maxResults", 1, 100);
    }
    let mut filters = Vec::new();
    if let Some(list) = &request.filters {
        violations.list_len(list.len(), "filters", 50);
        for (i, filter) in list.iter().enumerate() {
            let at = format!("filters.{}.member", i + 1);
            match &filter.kind {
                Some(kind) => violations.one_of(kind, &format!("{at}.type"), &FILTER_TYPES),
                None => violations.missing(&format!("{at}.type")),
            }
            for (value, name) in [(&filter.field, "field"), (&filter.value, "value")] {
                match value {
                    Some(v) => {
                        violations.string(v, &format!("{at}.{name}"), 1, 1024, ".*", |_| true)
                    }
                    None => violations.missing(&format!("{at}.{name}")),
                }
            }
            if let (Some(kind), Some(field), Some(value)) =
                (&filter.kind, &filter.field, &filter.value)
            {
                filters.push(Filter {
                    kind: kind.clone(),
                    field: field.clone(),
                    value: value.clone(),
                });
            }
        }
    }
    violations.finish()?;
    if let Some(version) = &request.format_version {
        if version != "aws_v1" {
            return Err(AwsError::new(
                ErrorKind::InvalidParameterException,
                format!("Invalid FormatVersion {version}; the valid value is aws_v1."),
            ));
        }
    }
    let code = request.service_code.unwrap_or_default();
    if code != BEDROCK_SERVICE_CODE {
        return Err(AwsError::new(
            ErrorKind::NotFoundException,
            format!("Service {code} is not found."),
        ));
    }
    let matching: Vec<String> = products::all(&shared.catalog)
        .into_iter()
        .filter(|product| filters.iter().all(|f| f.matches(product)))
        .map(|product| product.to_string())
        .collect();
    let start = match &request.next_token {
        None => 0,
        Some(token) => token
            .strip_prefix("pricing-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n <= matching.len())
            .ok_or_else(invalid_token)?,
    };
    let page = request
        .max_results
        .and_then(|m| usize::try_from(m).ok())
        .unwrap_or(DEFAULT_PAGE);
    let end = matching.len().min(start.saturating_add(page));
    let mut answer = json!({
        "FormatVersion": "aws_v1",
        "PriceList": matching[start..end],
    });
    if end < matching.len() {
        answer["NextToken"] = json!(format!("pricing-{end}"));
    }
    let mut response = json_response(200, answer.to_string());
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    Ok(response)
}

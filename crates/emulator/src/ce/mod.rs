//! Cost Explorer (awsJson1.1 on `POST /`, `X-Amz-Target: AWSInsightsIndexService.*`, signed for
//! `ce`) over the emulator's own cost records: [`tags`] holds the cost allocation tag operations,
//! [`usage`] GetCostAndUsage.

mod tags;
mod usage;

use axum::http::HeaderValue;
use axum::response::Response;

use crate::wire::json_response;

pub(crate) use tags::{list_cost_allocation_tags, update_cost_allocation_tags_status};
pub(crate) use usage::get_cost_and_usage;

/// The `X-Amz-Target` prefix of Cost Explorer's operations.
pub(crate) const TARGET_PREFIX: &str = "AWSInsightsIndexService.";

/// A 200 awsJson1.1 answer.
fn json11(body: &serde_json::Value) -> Response {
    let mut response = json_response(200, body.to_string());
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    response
}

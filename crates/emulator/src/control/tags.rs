//! TagResource, UntagResource and ListTagsForResource.

use axum::response::Response;
use serde::Deserialize;

use super::{check_reserved_keys, check_tags, is_resource_arn, RESOURCE_ARN_PATTERN};
use crate::arn::Arn;
use crate::error::AwsError;
use crate::server::Shared;
use crate::validate::{Violations, MAX_TAGS_PER_REQUEST};
use crate::wire::{json_response, parse_body, Tag};

#[derive(Deserialize)]
struct TagRequest {
    #[serde(rename = "resourceARN")]
    resource_arn: Option<String>,
    tags: Option<Vec<Tag>>,
}

#[derive(Deserialize)]
struct UntagRequest {
    #[serde(rename = "resourceARN")]
    resource_arn: Option<String>,
    #[serde(rename = "tagKeys")]
    tag_keys: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct ListTagsRequest {
    #[serde(rename = "resourceARN")]
    resource_arn: Option<String>,
}

fn check_resource_arn(violations: &mut Violations, arn: Option<&str>) {
    match arn {
        Some(arn) => violations.string(
            arn,
            "resourceARN",
            20,
            1011,
            RESOURCE_ARN_PATTERN,
            is_resource_arn,
        ),
        None => violations.missing("resourceARN"),
    }
}

/// Refuses ARNs of resources the emulator has but cannot tag (system profiles, foundation models).
fn check_taggable(arn: &str) -> Result<(), AwsError> {
    match Arn::parse(arn).map(|a| a.resource_type) {
        Some("inference-profile") | Some("foundation-model") => Err(AwsError::validation(format!(
            "The resource {arn} does not support tagging."
        ))),
        _ => Ok(()),
    }
}

/// POST /tagResource
pub(crate) async fn tag_resource(
    shared: &Shared,
    region: &str,
    body: &[u8],
) -> Result<Response, AwsError> {
    let request: TagRequest = parse_body(body)?;
    let mut violations = Violations::new();
    check_resource_arn(&mut violations, request.resource_arn.as_deref());
    match &request.tags {
        Some(tags) => check_tags(&mut violations, tags),
        None => violations.missing("tags"),
    }
    violations.finish()?;
    let (Some(arn), Some(tags)) = (request.resource_arn, request.tags) else {
        return Err(AwsError::validation("resourceARN and tags are required."));
    };
    check_reserved_keys(&tags)?;
    check_taggable(&arn)?;
    let generation = shared.store.tag(region, &arn, tags)?;
    shared.store.persist(generation).await?;
    Ok(json_response(200, "{}"))
}

/// POST /untagResource
pub(crate) async fn untag_resource(
    shared: &Shared,
    region: &str,
    body: &[u8],
) -> Result<Response, AwsError> {
    let request: UntagRequest = parse_body(body)?;
    let mut violations = Violations::new();
    check_resource_arn(&mut violations, request.resource_arn.as_deref());
    match &request.tag_keys {
        Some(keys) => {
            violations.list_len(keys.len(), "tagKeys", MAX_TAGS_PER_REQUEST);
            for (i, key) in keys.iter().enumerate() {
                violations.tag_key(key, &format!("tagKeys.{}.member", i + 1));
            }
        }
        None => violations.missing("tagKeys"),
    }
    violations.finish()?;
    let (Some(arn), Some(keys)) = (request.resource_arn, request.tag_keys) else {
        return Err(AwsError::validation(
            "resourceARN and tagKeys are required.",
        ));
    };
    check_taggable(&arn)?;
    let generation = shared.store.untag(region, &arn, &keys)?;
    shared.store.persist(generation).await?;
    Ok(json_response(200, "{}"))
}

/// POST /listTagsForResource
pub(crate) fn list_tags_for_resource(
    shared: &Shared,
    region: &str,
    body: &[u8],
) -> Result<Response, AwsError> {
    let request: ListTagsRequest = parse_body(body)?;
    let mut violations = Violations::new();
    check_resource_arn(&mut violations, request.resource_arn.as_deref());
    violations.finish()?;
    let arn = request.resource_arn.unwrap_or_default();
    check_taggable(&arn)?;
    let tags = shared.store.tags(region, &arn)?;
    let body = serde_json::json!({ "tags": tags });
    Ok(json_response(200, body.to_string()))
}

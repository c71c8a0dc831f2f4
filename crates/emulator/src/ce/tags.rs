//! ListCostAllocationTags and UpdateCostAllocationTagsStatus. The tag keys billing knows are
//! those on the profiles of recorded calls (as AWS knows only keys it has seen on billed
//! resources); each is `Inactive` until activated, as a new user-defined tag is in AWS.

use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use super::json11;
use crate::error::{AwsError, ErrorKind};
use crate::server::Shared;
use crate::store::TagActivation;
use crate::validate::Violations;
use crate::wire::parse_body;

const STATUSES: [&str; 2] = ["Active", "Inactive"];
const TYPES: [&str; 2] = ["AWSGenerated", "UserDefined"];
/// The default page of ListCostAllocationTags (botocore's `ce` model).
const DEFAULT_PAGE: usize = 100;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListRequest {
    status: Option<String>,
    tag_keys: Option<Vec<String>>,
    #[serde(rename = "Type")]
    kind: Option<String>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

fn invalid_token() -> AwsError {
    AwsError::new(
        ErrorKind::InvalidNextTokenException,
        ErrorKind::InvalidNextTokenException.default_message(),
    )
}

/// `AWSInsightsIndexService.ListCostAllocationTags`.
pub(crate) fn list_cost_allocation_tags(
    shared: &Shared,
    body: &[u8],
) -> Result<Response, AwsError> {
    let request: ListRequest = parse_body(body)?;
    let mut violations = Violations::new();
    if let Some(status) = &request.status {
        violations.one_of(status, "Status", &STATUSES);
    }
    if let Some(kind) = &request.kind {
        violations.one_of(kind, "Type", &TYPES);
    }
    if let Some(keys) = &request.tag_keys {
        if keys.is_empty() {
            violations.push_raw(
                "Value '[]' at 'TagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1",
            );
        }
        violations.list_len(keys.len(), "TagKeys", 100);
    }
    if let Some(max) = request.max_results {
        violations.range(max, "MaxResults", 1, 1000);
    }
    violations.finish()?;
    let page = request
        .max_results
        .and_then(|m| usize::try_from(m).ok())
        .unwrap_or(DEFAULT_PAGE);
    let start = match &request.next_token {
        None => 0,
        Some(token) => token
            .strip_prefix("ce-tags-")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(invalid_token)?,
    };
    // Every key billing has seen is user-defined: the emulator applies no AWS-generated tags.
    let keys: Vec<(String, TagActivation, Option<String>)> =
        if request.kind.as_deref() == Some("AWSGenerated") {
            Vec::new()
        } else {
            shared
                .store
                .cost_allocation_tags()
                .into_iter()
                .filter(|(key, activation, _)| {
                    request
                        .status
                        .as_deref()
                        .is_none_or(|s| activation.status == s)
                        && request
                            .tag_keys
                            .as_ref()
                            .is_none_or(|wanted| wanted.contains(key))
                })
                .collect()
        };
    if start > keys.len() {
        return Err(invalid_token());
    }
    let end = keys.len().min(start.saturating_add(page));
    let tags: Vec<Value> = keys[start..end]
        .iter()
        .map(|(key, activation, last_used)| {
            let mut tag =
                json!({"TagKey": key, "Type": "UserDefined", "Status": activation.status});
            if let Some(updated) = &activation.last_updated {
                tag["LastUpdatedDate"] = json!(updated);
            }
            if let Some(day) = last_used {
                tag["LastUsedDate"] = json!(format!("{day}T00:00:00Z"));
            }
            tag
        })
        .collect();
    let mut answer = json!({ "CostAllocationTags": tags });
    if end < keys.len() {
        answer["NextToken"] = json!(format!("ce-tags-{end}"));
    }
    Ok(json11(&answer))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateRequest {
    cost_allocation_tags_status: Option<Vec<StatusEntry>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StatusEntry {
    tag_key: Option<String>,
    status: Option<String>,
}

/// `AWSInsightsIndexService.UpdateCostAllocationTagsStatus`: at most 20 keys per call; a key
/// billing has not seen is reported in `Errors`, the others are set.
pub(crate) async fn update_cost_allocation_tags_status(
    shared: &Shared,
    body: &[u8],
) -> Result<Response, AwsError> {
    let request: UpdateRequest = parse_body(body)?;
    let mut violations = Violations::new();
    let Some(entries) = &request.cost_allocation_tags_status else {
        violations.missing("CostAllocationTagsStatus");
        violations.finish()?;
        return Err(AwsError::validation(
            "CostAllocationTagsStatus is required.",
        ));
    };
    if entries.is_empty() {
        violations.push_raw(
            "Value '[]' at 'CostAllocationTagsStatus' failed to satisfy constraint: Member must have length greater than or equal to 1",
        );
    }
    violations.list_len(entries.len(), "CostAllocationTagsStatus", 20);
    let mut updates = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("CostAllocationTagsStatus.{}.member", i + 1);
        match &entry.tag_key {
            Some(key) if key.chars().count() > 1024 => {
                violations.list_len(key.chars().count(), &format!("{at}.TagKey"), 1024)
            }
            Some(_) => {}
            None => violations.missing(&format!("{at}.TagKey")),
        }
        match &entry.status {
            Some(status) => violations.one_of(status, &format!("{at}.Status"), &STATUSES),
            None => violations.missing(&format!("{at}.Status")),
        }
        if let (Some(key), Some(status)) = (&entry.tag_key, &entry.status) {
            updates.push((key.clone(), status.clone()));
        }
    }
    violations.finish()?;
    let (unknown, generation) = shared
        .store
        .set_cost_allocation_tags(&updates, &crate::clock::now_zoned());
    shared.store.persist(generation).await?;
    let errors: Vec<Value> = unknown
        .iter()
        .map(|key| {
            json!({
                "TagKey": key,
                "Code": "TagKeyNotFound",
                "Message": format!(
                    "The tag key {key} has not been seen on a billed resource yet, so it cannot be updated."
                ),
            })
        })
        .collect();
    Ok(json11(&json!({ "Errors": errors })))
}

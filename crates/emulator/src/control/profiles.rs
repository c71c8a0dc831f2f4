//! Create, Get, Delete and ListInferenceProfiles.

use axum::response::Response;
use serde::Deserialize;

use super::{
    check_reserved_keys, check_tags, is_model_source, is_profile_identifier, MODEL_SOURCE_PATTERN,
    PROFILE_IDENTIFIER_PATTERN,
};
use crate::arn::Arn;
use crate::error::{AwsError, ErrorKind};
use crate::server::Shared;
use crate::store::{profile_not_found, NewProfile, PageEnd};
use crate::validate::Violations;
use crate::wire::{hex, json_response, parse_body, query_pairs, unhex, Tag};

/// Page size of ListInferenceProfiles when `maxResults` is absent (AWS does not document one).
pub(crate) const DEFAULT_PAGE_SIZE: usize = 100;

enum ListType {
    System,
    Application,
}

fn encode_token(kind: &ListType, position: u64) -> String {
    let tag = match kind {
        ListType::System => 'S',
        ListType::Application => 'A',
    };
    hex(format!("v1:{tag}:{position}").as_bytes())
}

fn decode_token(kind: &ListType, token: &str) -> Option<u64> {
    let text = String::from_utf8(unhex(token)?).ok()?;
    let rest = text.strip_prefix("v1:")?;
    let (tag, position) = rest.split_once(':')?;
    let expected = match kind {
        ListType::System => "S",
        ListType::Application => "A",
    };
    (tag == expected).then(|| position.parse().ok()).flatten()
}

/// GET /inference-profiles?type=&maxResults=&nextToken=
pub(crate) fn list_inference_profiles(
    shared: &Shared,
    region: &str,
    query: Option<&str>,
) -> Result<Response, AwsError> {
    let pairs =
        query_pairs(query).ok_or_else(|| AwsError::validation("The query string is not valid."))?;
    let mut violations = Violations::new();
    let mut kind = ListType::System;
    let mut limit = DEFAULT_PAGE_SIZE;
    let mut token = None;
    for (name, value) in &pairs {
        match name.as_str() {
            "type" => match value.as_str() {
                "SYSTEM_DEFINED" => kind = ListType::System,
                "APPLICATION" => kind = ListType::Application,
                other => violations.one_of(other, "typeEquals", &["SYSTEM_DEFINED", "APPLICATION"]),
            },
            "maxResults" => match value.parse::<i64>() {
                Ok(n) => {
                    violations.range(n, "maxResults", 1, 1000);
                    limit = usize::try_from(n).unwrap_or(1);
                }
                Err(_) => {
                    return Err(AwsError::new(
                        ErrorKind::SerializationException,
                        format!("Value '{value}' at 'maxResults' is not a number."),
                    ))
                }
            },
            "nextToken" => {
                violations.string(value, "nextToken", 1, 2048, "\\S*", |v| {
                    !v.chars().any(char::is_whitespace)
                });
                token = Some(value.as_str());
            }
            _ => {}
        }
    }
    violations.finish()?;
    let after = match token {
        Some(t) => Some(
            decode_token(&kind, t)
                .ok_or_else(|| AwsError::validation("The provided nextToken is not valid."))?,
        ),
        None => None,
    };
    let mut body = String::with_capacity(64 + limit.min(1000) * 420);
    body.push_str(r#"{"inferenceProfileSummaries":["#);
    let next = match kind {
        ListType::System => {
            let profiles = &shared.catalog.region(region).profiles;
            let start = after.map_or(0, |a| usize::try_from(a).unwrap_or(usize::MAX));
            let end = start.saturating_add(limit).min(profiles.len());
            for (i, profile) in profiles
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if i > 0 {
                    body.push(',');
                }
                body.push_str(&profile.json);
            }
            (end < profiles.len()).then_some(end as u64)
        }
        ListType::Application => match shared.store.write_page(region, after, limit, &mut body) {
            PageEnd::Done => None,
            PageEnd::After(seq) => Some(seq),
        },
    };
    body.push(']');
    let repeat = shared.faults.repeat_next_token(match kind {
        ListType::System => "SYSTEM_DEFINED",
        ListType::Application => "APPLICATION",
    });
    // The fault: the token of this page again (or of the start), so the listing never ends.
    let next = if repeat {
        Some(after.unwrap_or(0))
    } else {
        next
    };
    if let Some(position) = next {
        body.push_str(r#","nextToken":""#);
        body.push_str(&encode_token(&kind, position));
        body.push('"');
    }
    body.push('}');
    Ok(json_response(200, body))
}

fn check_profile_identifier(identifier: &str) -> Result<(), AwsError> {
    let mut violations = Violations::new();
    violations.string(
        identifier,
        "inferenceProfileIdentifier",
        1,
        2048,
        PROFILE_IDENTIFIER_PATTERN,
        is_profile_identifier,
    );
    violations.finish()
}

/// The system profile with this id or ARN in `region`.
fn system_profile<'a>(
    shared: &'a Shared,
    region: &str,
    identifier: &str,
) -> Option<&'a crate::catalog::SystemProfile> {
    let catalog = shared.catalog.region(region);
    if identifier.starts_with("arn:") {
        let arn = Arn::parse(identifier)?;
        (arn.resource_type == "inference-profile"
            && arn.region == region
            && arn.account == shared.account)
            .then(|| catalog.profile(arn.resource_id))
            .flatten()
    } else {
        catalog.profile(identifier)
    }
}

/// GET /inference-profiles/{inferenceProfileIdentifier}
pub(crate) fn get_inference_profile(
    shared: &Shared,
    region: &str,
    identifier: &str,
) -> Result<Response, AwsError> {
    check_profile_identifier(identifier)?;
    if let Some(profile) = system_profile(shared, region, identifier) {
        return Ok(json_response(200, profile.json.clone()));
    }
    let profile = shared
        .store
        .get(region, identifier)
        .ok_or_else(|| profile_not_found(identifier))?;
    Ok(json_response(200, profile.json.clone()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateRequest {
    inference_profile_name: Option<String>,
    description: Option<String>,
    model_source: Option<ModelSource>,
    tags: Option<Vec<Tag>>,
    client_request_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelSource {
    copy_from: Option<String>,
}

/// POST /inference-profiles
pub(crate) async fn create_inference_profile(
    shared: &Shared,
    region: &str,
    body: &[u8],
) -> Result<Response, AwsError> {
    let request: CreateRequest = parse_body(body)?;
    let mut violations = Violations::new();
    match &request.inference_profile_name {
        Some(name) => violations.name(name, "inferenceProfileName"),
        None => violations.missing("inferenceProfileName"),
    }
    if let Some(description) = &request.description {
        violations.description(description, "description");
    }
    let copy_from = request
        .model_source
        .as_ref()
        .and_then(|s| s.copy_from.as_deref());
    match copy_from {
        Some(arn) => violations.string(
            arn,
            "modelSource.copyFrom",
            1,
            2048,
            MODEL_SOURCE_PATTERN,
            is_model_source,
        ),
        None => violations.missing("modelSource"),
    }
    let tags = request.tags.unwrap_or_default();
    check_tags(&mut violations, &tags);
    if let Some(token) = &request.client_request_token {
        violations.client_request_token(token, "clientRequestToken");
    }
    violations.finish()?;
    check_reserved_keys(&tags)?;
    let (Some(name), Some(copy_from)) = (request.inference_profile_name, copy_from) else {
        return Err(AwsError::validation(
            "inferenceProfileName and modelSource are required.",
        ));
    };
    let models = resolve_model_source(shared, region, copy_from)?;
    let new = NewProfile {
        name,
        description: request.description,
        model_source: copy_from.to_owned(),
        models,
        tags,
        client_request_token: request.client_request_token,
    };
    let (arn, generation) = shared.store.create(region, new)?;
    shared.store.persist(generation).await?;
    tracing::info!(target: "bedrock_emulator::inference_profile", region, profile_arn = %arn, "created application inference profile");
    let body = serde_json::json!({ "inferenceProfileArn": arn, "status": "ACTIVE" });
    Ok(json_response(201, body.to_string()))
}

/// The foundation-model ARNs an application profile copying `source` routes to.
fn resolve_model_source(
    shared: &Shared,
    region: &str,
    source: &str,
) -> Result<Vec<String>, AwsError> {
    let not_found = || AwsError::not_found(format!("The model source {source} was not found."));
    // The pattern admits every partition; this emulator serves the `aws` one only.
    let arn = Arn::parse(source).ok_or_else(not_found)?;
    if arn.region != region {
        return Err(AwsError::validation(format!(
            "The model source {source} must be in the same region as the inference profile ({region})."
        )));
    }
    let catalog = shared.catalog.region(region);
    match arn.resource_type {
        "foundation-model" => {
            if !arn.account.is_empty() {
                return Err(not_found());
            }
            let model = catalog.model(arn.resource_id).ok_or_else(not_found)?;
            if model.avail == crate::catalog::Avail::Provisioned {
                return Err(AwsError::validation(format!(
                    "The model {} supports only provisioned throughput and can't be used in an inference profile.",
                    model.spec.id
                )));
            }
            Ok(vec![model.arn.clone()])
        }
        "inference-profile" => {
            let profile = system_profile(shared, region, source).ok_or_else(not_found)?;
            Ok(profile.models.clone())
        }
        _ => Err(not_found()),
    }
}

/// DELETE /inference-profiles/{inferenceProfileIdentifier}
pub(crate) async fn delete_inference_profile(
    shared: &Shared,
    region: &str,
    identifier: &str,
) -> Result<Response, AwsError> {
    check_profile_identifier(identifier)?;
    if system_profile(shared, region, identifier).is_some() {
        return Err(AwsError::validation(format!(
            "The inference profile {identifier} is a system-defined inference profile and can't be deleted."
        )));
    }
    let generation = shared.store.delete(region, identifier)?;
    shared.store.persist(generation).await?;
    tracing::info!(target: "bedrock_emulator::inference_profile", region, identifier, "deleted application inference profile");
    Ok(json_response(200, "{}"))
}

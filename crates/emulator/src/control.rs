//! The `bedrock` control plane: foundation models, inference profiles and tags.

use axum::response::Response;
use serde::Deserialize;

use crate::arn::Arn;
use crate::error::{AwsError, ErrorKind};
use crate::server::Shared;
use crate::store::{profile_not_found, NewProfile, PageEnd};
use crate::validate::{Violations, MAX_TAGS_PER_REQUEST};
use crate::wire::{hex, json_response, parse_body, query_pairs, unhex, Tag};

/// Page size of ListInferenceProfiles when `maxResults` is absent (AWS does not document one).
pub(crate) const DEFAULT_PAGE_SIZE: usize = 100;

const PROFILE_IDENTIFIER_PATTERN: &str = "(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+";
const MODEL_SOURCE_PATTERN: &str = "arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)/[a-zA-Z0-9-:.]+";
const RESOURCE_ARN_PATTERN: &str = "[a-zA-Z0-9-:.]+(/[a-zA-Z0-9-:.]+)*";

fn is_id_chars(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.'))
}

fn arn_matches(text: &str, types: &[&str]) -> bool {
    Arn::parse(text).is_some_and(|arn| {
        arn.region.len() <= 20
            && arn
                .region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && (arn.account.is_empty()
                || (arn.account.len() == 12 && arn.account.bytes().all(|b| b.is_ascii_digit())))
            && types.contains(&arn.resource_type)
            && is_id_chars(arn.resource_id)
    })
}

fn is_profile_identifier(text: &str) -> bool {
    if text.starts_with("arn:") {
        arn_matches(
            text,
            &["inference-profile", "application-inference-profile"],
        )
    } else {
        is_id_chars(text)
    }
}

fn is_model_source(text: &str) -> bool {
    arn_matches(text, &["inference-profile", "foundation-model"])
}

fn is_resource_arn(text: &str) -> bool {
    text.starts_with("arn:aws:bedrock:") && text.split('/').all(|part| !part.is_empty())
}

// --- foundation models ---

const MODALITIES: [&str; 3] = ["TEXT", "IMAGE", "EMBEDDING"];
const INFERENCE_TYPES: [&str; 2] = ["ON_DEMAND", "PROVISIONED"];
const CUSTOMIZATIONS: [&str; 3] = ["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"];

/// GET /foundation-models
pub(crate) fn list_foundation_models(
    shared: &Shared,
    region: &str,
    query: Option<&str>,
) -> Result<Response, AwsError> {
    let pairs =
        query_pairs(query).ok_or_else(|| AwsError::validation("The query string is not valid."))?;
    let mut provider = None;
    let mut output = None;
    let mut inference = None;
    let mut customization = None;
    let mut violations = Violations::new();
    for (name, value) in &pairs {
        match name.as_str() {
            "byProvider" => {
                violations.string(value, "byProvider", 1, 63, "[A-Za-z0-9- ]{1,63}", |v| {
                    v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
                });
                provider = Some(value.as_str());
            }
            "byOutputModality" => {
                violations.one_of(value, "byOutputModality", &MODALITIES);
                output = Some(value.as_str());
            }
            "byInferenceType" => {
                violations.one_of(value, "byInferenceType", &INFERENCE_TYPES);
                inference = Some(value.as_str());
            }
            "byCustomizationType" => {
                violations.one_of(value, "byCustomizationType", &CUSTOMIZATIONS);
                customization = Some(value.as_str());
            }
            _ => {}
        }
    }
    violations.finish()?;
    let mut body = String::from(r#"{"modelSummaries":["#);
    let mut first = true;
    for model in &shared.catalog.region(region).models {
        let spec = model.spec;
        let keep = provider.is_none_or(|p| {
            spec.provider.eq_ignore_ascii_case(p)
                || spec
                    .id
                    .split('.')
                    .next()
                    .is_some_and(|prefix| prefix.eq_ignore_ascii_case(p))
        }) && output.is_none_or(|o| spec.output.contains(&o))
            && inference.is_none_or(|i| model.avail.inference_types().contains(&i))
            && customization.is_none_or(|c| spec.customizations.contains(&c));
        if keep {
            if !first {
                body.push(',');
            }
            first = false;
            body.push_str(&model.json);
        }
    }
    body.push_str("]}");
    Ok(json_response(200, body))
}

/// GET /foundation-models/{modelIdentifier}
pub(crate) fn get_foundation_model(
    shared: &Shared,
    region: &str,
    identifier: &str,
) -> Result<Response, AwsError> {
    let catalog = shared.catalog.region(region);
    let model = if identifier.starts_with("arn:") {
        Arn::parse(identifier)
            .filter(|arn| {
                arn.resource_type == "foundation-model"
                    && arn.region == region
                    && arn.account.is_empty()
            })
            .and_then(|arn| catalog.model(arn.resource_id))
    } else {
        catalog.model(identifier)
    };
    let model =
        model.ok_or_else(|| AwsError::validation("The provided model identifier is invalid."))?;
    Ok(json_response(
        200,
        format!(r#"{{"modelDetails":{}}}"#, model.json),
    ))
}

// --- inference profiles ---

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

fn check_tags(violations: &mut Violations, tags: &[Tag]) {
    violations.list_len(tags.len(), "tags", MAX_TAGS_PER_REQUEST);
    for (i, tag) in tags.iter().enumerate() {
        violations.tag_key(&tag.key, &format!("tags.{}.member.key", i + 1));
        violations.tag_value(&tag.value, &format!("tags.{}.member.value", i + 1));
    }
}

/// Tag keys starting with `aws:` (in any case) are AWS's own: users can neither add nor change
/// them, whatever the key pattern allows.
fn check_reserved_keys(tags: &[Tag]) -> Result<(), AwsError> {
    match tags.iter().find(|t| {
        t.key
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
    }) {
        Some(tag) => Err(AwsError::validation(format!(
            "Tag keys starting with 'aws:' are reserved for AWS use: {}.",
            tag.key
        ))),
        None => Ok(()),
    }
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
    let arn = Arn::parse(source)
        .ok_or_else(|| AwsError::validation("The model source is not a valid ARN."))?;
    if arn.region != region {
        return Err(AwsError::validation(format!(
            "The model source {source} must be in the same region as the inference profile ({region})."
        )));
    }
    let catalog = shared.catalog.region(region);
    let not_found = || AwsError::not_found(format!("The model source {source} was not found."));
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

// --- tags ---

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

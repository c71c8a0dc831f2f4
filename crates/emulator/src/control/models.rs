//! ListFoundationModels and GetFoundationModel.

use axum::response::Response;

use crate::arn::Arn;
use crate::error::AwsError;
use crate::server::Shared;
use crate::validate::Violations;
use crate::wire::{json_response, query_pairs};

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

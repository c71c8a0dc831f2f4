//! What the AWS CLI prints for the same operation: botocore's `bedrock` response shapes, their
//! members in the model's order, 4-space indented, non-ASCII kept (`json.dumps(…, indent=4,
//! ensure_ascii=False)`), so a script can switch from `aws bedrock …` to `strata profiles …`.

use serde::Serialize;
use strata_core::profiles::{Profile, ProfileType};

/// `InferenceProfileModel`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Model<'a> {
    model_arn: &'a str,
}

/// `GetInferenceProfileResponse` and `InferenceProfileSummary` (the same members, in order).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AwsProfile<'a> {
    inference_profile_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated_at: Option<&'a str>,
    inference_profile_arn: &'a str,
    models: Vec<Model<'a>>,
    inference_profile_id: &'a str,
    status: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The type as Bedrock spells it.
pub(crate) fn type_name(kind: ProfileType) -> &'static str {
    match kind {
        ProfileType::Application => "APPLICATION",
        ProfileType::SystemDefined => "SYSTEM_DEFINED",
    }
}

impl<'a> AwsProfile<'a> {
    pub(crate) fn of(p: &'a Profile) -> Self {
        Self {
            inference_profile_name: &p.name,
            description: p.description.as_deref(),
            created_at: p.created_at.as_deref(),
            updated_at: p.updated_at.as_deref(),
            inference_profile_arn: &p.arn,
            models: p
                .models
                .iter()
                .map(|m| Model { model_arn: &m.arn })
                .collect(),
            inference_profile_id: &p.id,
            status: p.status.as_str(),
            kind: type_name(p.kind),
        }
    }
}

/// `ListInferenceProfilesResponse` (every page, so no `nextToken`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListResponse<'a> {
    pub(crate) inference_profile_summaries: Vec<AwsProfile<'a>>,
}

/// `CreateInferenceProfileResponse`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateResponse<'a> {
    pub(crate) inference_profile_arn: &'a str,
    pub(crate) status: &'a str,
}

/// `value` as the AWS CLI prints JSON, with a final newline.
pub(crate) fn to_aws_json(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    match value.serialize(&mut serializer) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned() + "\n",
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

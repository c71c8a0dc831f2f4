//! Which operation a request is: Bedrock's by method and path, the other services' (`POST /`) by
//! `X-Amz-Target` or, for the awsQuery protocol of STS and IAM, the form body's `Action`.

use axum::http::{HeaderMap, Method};

use crate::error::{AwsError, ErrorKind};
use crate::wire::{path_segments, percent_decode};

/// An operation and its path parameter.
#[derive(Debug)]
pub(crate) enum Route {
    ListFoundationModels,
    GetFoundationModel(String),
    ListInferenceProfiles,
    CreateInferenceProfile,
    GetInferenceProfile(String),
    DeleteInferenceProfile(String),
    TagResource,
    UntagResource,
    ListTagsForResource,
    Converse(String),
    ConverseStream(String),
    InvokeModel(String),
    InvokeModelWithResponseStream(String),
    /// STS (awsQuery): who the caller is.
    GetCallerIdentity,
    /// IAM (awsQuery): what the caller's policies allow.
    SimulatePrincipalPolicy,
    /// Cost Explorer (awsJson1.1).
    ListCostAllocationTags,
    UpdateCostAllocationTagsStatus,
    GetCostAndUsage,
    /// Price List (awsJson1.1).
    GetProducts,
    /// AWS Budgets (awsJson1.1).
    Budget(crate::budgets::BudgetOp),
    /// CloudWatch alarms, in awsJson1.0 or RPC v2 CBOR.
    Alarm(crate::cloudwatch::AlarmOp, crate::cloudwatch::Wire),
}

/// The `Action` of an awsQuery form body (`Action=GetCallerIdentity&Version=2011-06-15`).
fn form_action(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (percent_decode(name, true)? == "Action").then(|| percent_decode(value, true))?
    })
}

impl Route {
    pub(crate) fn parse(method: &Method, raw_path: &str) -> Result<Route, AwsError> {
        let unknown = || AwsError::new(ErrorKind::UnknownOperationException, "Unknown operation");
        let segments = path_segments(raw_path).ok_or_else(unknown)?;
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        let route = match (method.as_str(), segs.as_slice()) {
            ("GET", ["foundation-models"]) => Route::ListFoundationModels,
            ("GET", ["foundation-models", id]) => Route::GetFoundationModel((*id).to_owned()),
            ("GET", ["inference-profiles"]) => Route::ListInferenceProfiles,
            ("POST", ["inference-profiles"]) => Route::CreateInferenceProfile,
            ("GET", ["inference-profiles", id]) => Route::GetInferenceProfile((*id).to_owned()),
            ("DELETE", ["inference-profiles", id]) => {
                Route::DeleteInferenceProfile((*id).to_owned())
            }
            ("POST", ["tagResource"]) => Route::TagResource,
            ("POST", ["untagResource"]) => Route::UntagResource,
            ("POST", ["listTagsForResource"]) => Route::ListTagsForResource,
            ("POST", ["model", id, "converse"]) => Route::Converse((*id).to_owned()),
            ("POST", ["model", id, "converse-stream"]) => Route::ConverseStream((*id).to_owned()),
            ("POST", ["model", id, "invoke"]) => Route::InvokeModel((*id).to_owned()),
            ("POST", ["model", id, "invoke-with-response-stream"]) => {
                Route::InvokeModelWithResponseStream((*id).to_owned())
            }
            ("POST", ["service", crate::cloudwatch::SERVICE, "operation", op]) => {
                let op = crate::cloudwatch::AlarmOp::from_name(op).ok_or_else(unknown)?;
                Route::Alarm(op, crate::cloudwatch::Wire::Cbor)
            }
            _ => return Err(unknown()),
        };
        Ok(route)
    }

    /// `POST /`: the operations of the services that share the root path, told apart by
    /// `X-Amz-Target` (the JSON protocols) or the form's `Action` (awsQuery).
    pub(crate) fn parse_root(headers: &HeaderMap, body: &[u8]) -> Result<Route, AwsError> {
        let unknown = || AwsError::new(ErrorKind::UnknownOperationException, "Unknown operation");
        if let Some(target) = headers.get("x-amz-target") {
            let target = target.to_str().map_err(|_| unknown())?;
            if let Some(op) = target.strip_prefix(crate::pricing::TARGET_PREFIX) {
                return match op {
                    "GetProducts" => Ok(Route::GetProducts),
                    _ => Err(unknown()),
                };
            }
            if let Some(op) = target.strip_prefix(crate::budgets::TARGET_PREFIX) {
                return crate::budgets::BudgetOp::from_target(op)
                    .map(Route::Budget)
                    .ok_or_else(unknown);
            }
            if let Some(op) = target
                .strip_prefix(crate::cloudwatch::SERVICE)
                .and_then(|rest| rest.strip_prefix('.'))
            {
                return crate::cloudwatch::AlarmOp::from_name(op)
                    .map(|op| Route::Alarm(op, crate::cloudwatch::Wire::Json))
                    .ok_or_else(unknown);
            }
            let Some(op) = target.strip_prefix(crate::ce::TARGET_PREFIX) else {
                return Err(unknown());
            };
            return match op {
                "ListCostAllocationTags" => Ok(Route::ListCostAllocationTags),
                "UpdateCostAllocationTagsStatus" => Ok(Route::UpdateCostAllocationTagsStatus),
                "GetCostAndUsage" => Ok(Route::GetCostAndUsage),
                _ => Err(unknown()),
            };
        }
        match form_action(body).as_deref() {
            Some("GetCallerIdentity") => Ok(Route::GetCallerIdentity),
            Some("SimulatePrincipalPolicy") => Ok(Route::SimulatePrincipalPolicy),
            _ => Err(unknown()),
        }
    }

    /// The SigV4 service name the request must be signed for.
    pub(crate) fn signing_service(&self) -> &'static str {
        match self {
            Route::GetCallerIdentity => "sts",
            Route::SimulatePrincipalPolicy => "iam",
            Route::ListCostAllocationTags
            | Route::UpdateCostAllocationTagsStatus
            | Route::GetCostAndUsage => "ce",
            Route::GetProducts => "pricing",
            Route::Budget(_) => "budgets",
            Route::Alarm(..) => "monitoring",
            _ => crate::auth::SIGNING_SERVICE,
        }
    }

    /// Whether errors go out as awsQuery XML rather than Bedrock's JSON.
    pub(crate) fn is_query_protocol(&self) -> bool {
        matches!(self, Route::GetCallerIdentity)
    }

    pub(crate) fn operation(&self) -> &'static str {
        match self {
            Route::ListFoundationModels => "ListFoundationModels",
            Route::GetFoundationModel(_) => "GetFoundationModel",
            Route::ListInferenceProfiles => "ListInferenceProfiles",
            Route::CreateInferenceProfile => "CreateInferenceProfile",
            Route::GetInferenceProfile(_) => "GetInferenceProfile",
            Route::DeleteInferenceProfile(_) => "DeleteInferenceProfile",
            Route::TagResource => "TagResource",
            Route::UntagResource => "UntagResource",
            Route::ListTagsForResource => "ListTagsForResource",
            Route::Converse(_) => "Converse",
            Route::ConverseStream(_) => "ConverseStream",
            Route::InvokeModel(_) => "InvokeModel",
            Route::InvokeModelWithResponseStream(_) => "InvokeModelWithResponseStream",
            Route::GetCallerIdentity => "GetCallerIdentity",
            Route::SimulatePrincipalPolicy => "SimulatePrincipalPolicy",
            Route::ListCostAllocationTags => "ListCostAllocationTags",
            Route::UpdateCostAllocationTagsStatus => "UpdateCostAllocationTagsStatus",
            Route::GetCostAndUsage => "GetCostAndUsage",
            Route::GetProducts => "GetProducts",
            Route::Budget(op) => op.name(),
            Route::Alarm(op, _) => op.name(),
        }
    }

    /// The IAM action the operation needs (Converse is authorised as InvokeModel, as in IAM).
    pub(crate) fn action(&self) -> &'static str {
        match self {
            Route::Converse(_) | Route::InvokeModel(_) => "bedrock:InvokeModel",
            Route::ConverseStream(_) | Route::InvokeModelWithResponseStream(_) => {
                "bedrock:InvokeModelWithResponseStream"
            }
            Route::ListFoundationModels => "bedrock:ListFoundationModels",
            Route::GetFoundationModel(_) => "bedrock:GetFoundationModel",
            Route::ListInferenceProfiles => "bedrock:ListInferenceProfiles",
            Route::CreateInferenceProfile => "bedrock:CreateInferenceProfile",
            Route::GetInferenceProfile(_) => "bedrock:GetInferenceProfile",
            Route::DeleteInferenceProfile(_) => "bedrock:DeleteInferenceProfile",
            Route::TagResource => "bedrock:TagResource",
            Route::UntagResource => "bedrock:UntagResource",
            Route::ListTagsForResource => "bedrock:ListTagsForResource",
            Route::GetCallerIdentity => "sts:GetCallerIdentity",
            Route::SimulatePrincipalPolicy => crate::iam::SIMULATE_ACTION,
            Route::ListCostAllocationTags => "ce:ListCostAllocationTags",
            Route::UpdateCostAllocationTagsStatus => "ce:UpdateCostAllocationTagsStatus",
            Route::GetCostAndUsage => "ce:GetCostAndUsage",
            Route::GetProducts => "pricing:GetProducts",
            Route::Budget(op) => op.action(),
            Route::Alarm(op, _) => op.action(),
        }
    }

    pub(crate) fn model_id(&self) -> Option<&str> {
        match self {
            Route::Converse(id)
            | Route::ConverseStream(id)
            | Route::InvokeModel(id)
            | Route::InvokeModelWithResponseStream(id) => Some(id),
            _ => None,
        }
    }

    pub(crate) fn resource(&self) -> Option<&str> {
        match self {
            Route::GetFoundationModel(id)
            | Route::GetInferenceProfile(id)
            | Route::DeleteInferenceProfile(id) => Some(id),
            _ => None,
        }
    }

    /// The resource named in an AccessDenied message.
    pub(crate) fn denied_resource(&self, region: &str, account: &str) -> String {
        match self.model_id().or(self.resource()) {
            Some(id) if id.starts_with("arn:") => id.to_owned(),
            Some(id) if self.model_id().is_some() => crate::arn::foundation_model_arn(region, id),
            Some(id) => crate::arn::system_profile_arn(region, account, id),
            None => format!("arn:aws:bedrock:{region}:{account}:*"),
        }
    }
}

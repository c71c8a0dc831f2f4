//! Errors: the AWS errors the emulator puts on the wire, and the errors of starting it.

use std::fmt;
use std::path::PathBuf;

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// An AWS error code the emulator can return, with its HTTP status from the Bedrock service model.
///
/// Serialised as the AWS code (`"ThrottlingException"`), which is also what the admin API and the
/// `--fault-error` flag accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorKind {
    /// 400: a request parameter is missing or does not satisfy its constraint.
    ValidationException,
    /// 400: the request body is not valid JSON of the expected shape.
    SerializationException,
    /// 403: the caller's IAM policy does not allow the action.
    AccessDeniedException,
    /// 404: the named resource does not exist.
    ResourceNotFoundException,
    /// 400 (in the Bedrock model): the resource already exists or is in use.
    ConflictException,
    /// 429: too many requests.
    ThrottlingException,
    /// 400: an account quota would be exceeded.
    ServiceQuotaExceededException,
    /// 500: the service failed.
    InternalServerException,
    /// 503: the service is unavailable.
    ServiceUnavailableException,
    /// 408: the model took too long to answer.
    ModelTimeoutException,
    /// 424: the model returned an error.
    ModelErrorException,
    /// 429: the model is not ready to serve requests.
    ModelNotReadyException,
    /// 424: an error in the middle of a response stream (stream event only in real Bedrock).
    ModelStreamErrorException,
    /// 400: a resource would carry more than 50 tags.
    TooManyTagsException,
    /// 403: the credentials' session token has expired.
    ExpiredTokenException,
    /// 403: the access key is not known.
    UnrecognizedClientException,
    /// 403: the request carries no SigV4 authentication at all.
    MissingAuthenticationTokenException,
    /// 403: the `Authorization` header is present but incomplete or malformed.
    IncompleteSignatureException,
    /// 403: the signature's credential scope is wrong (for example another service), or it was
    /// signed more than 5 minutes from the service's clock.
    InvalidSignatureException,
    /// 403: STS's (awsQuery) code for a signature signed more than 15 minutes from its clock.
    SignatureDoesNotMatch,
    /// 404: no operation at this method and path.
    UnknownOperationException,
    /// 400: a pagination token that this listing did not hand out (Cost Explorer).
    InvalidNextTokenException,
    /// 400: a Budgets or Price List request parameter is not valid.
    InvalidParameterException,
    /// 400: a budget (or notification) of that name already exists.
    DuplicateRecordException,
    /// 400: the named budget or notification does not exist (Budgets), or an unknown service
    /// code (Price List).
    NotFoundException,
    /// 400: a CloudWatch parameter is not valid (awsQuery code `InvalidParameterValue`).
    InvalidParameterValueException,
    /// 400: a required CloudWatch parameter is absent (awsQuery code `MissingParameter`).
    MissingRequiredParameterException,
    /// 404: the named CloudWatch alarm does not exist.
    ResourceNotFound,
    /// 400: CloudWatch parameters that cannot go together (awsQuery code
    /// `InvalidParameterCombination`).
    InvalidParameterCombinationException,
    /// 404: the IAM user, role or group does not exist (awsQuery code `NoSuchEntity`).
    NoSuchEntityException,
    /// 400: an IAM parameter is not valid (awsQuery code `InvalidInput`).
    InvalidInputException,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub(crate) const ALL: [ErrorKind; 31] = [
        Self::ValidationException,
        Self::SerializationException,
        Self::AccessDeniedException,
        Self::ResourceNotFoundException,
        Self::ConflictException,
        Self::ThrottlingException,
        Self::ServiceQuotaExceededException,
        Self::InternalServerException,
        Self::ServiceUnavailableException,
        Self::ModelTimeoutException,
        Self::ModelErrorException,
        Self::ModelNotReadyException,
        Self::ModelStreamErrorException,
        Self::TooManyTagsException,
        Self::ExpiredTokenException,
        Self::UnrecognizedClientException,
        Self::MissingAuthenticationTokenException,
        Self::IncompleteSignatureException,
        Self::InvalidSignatureException,
        Self::SignatureDoesNotMatch,
        Self::UnknownOperationException,
        Self::InvalidNextTokenException,
        Self::InvalidParameterException,
        Self::DuplicateRecordException,
        Self::NotFoundException,
        Self::InvalidParameterValueException,
        Self::MissingRequiredParameterException,
        Self::ResourceNotFound,
        Self::InvalidParameterCombinationException,
        Self::NoSuchEntityException,
        Self::InvalidInputException,
    ];

    /// The AWS error code, as sent in `x-amzn-ErrorType`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::ValidationException => "ValidationException",
            Self::SerializationException => "SerializationException",
            Self::AccessDeniedException => "AccessDeniedException",
            Self::ResourceNotFoundException => "ResourceNotFoundException",
            Self::ConflictException => "ConflictException",
            Self::ThrottlingException => "ThrottlingException",
            Self::ServiceQuotaExceededException => "ServiceQuotaExceededException",
            Self::InternalServerException => "InternalServerException",
            Self::ServiceUnavailableException => "ServiceUnavailableException",
            Self::ModelTimeoutException => "ModelTimeoutException",
            Self::ModelErrorException => "ModelErrorException",
            Self::ModelNotReadyException => "ModelNotReadyException",
            Self::ModelStreamErrorException => "ModelStreamErrorException",
            Self::TooManyTagsException => "TooManyTagsException",
            Self::ExpiredTokenException => "ExpiredTokenException",
            Self::UnrecognizedClientException => "UnrecognizedClientException",
            Self::MissingAuthenticationTokenException => "MissingAuthenticationTokenException",
            Self::IncompleteSignatureException => "IncompleteSignatureException",
            Self::InvalidSignatureException => "InvalidSignatureException",
            Self::SignatureDoesNotMatch => "SignatureDoesNotMatch",
            Self::UnknownOperationException => "UnknownOperationException",
            Self::InvalidNextTokenException => "InvalidNextTokenException",
            Self::InvalidParameterException => "InvalidParameterException",
            Self::DuplicateRecordException => "DuplicateRecordException",
            Self::NotFoundException => "NotFoundException",
            Self::InvalidParameterValueException => "InvalidParameterValueException",
            Self::MissingRequiredParameterException => "MissingRequiredParameterException",
            Self::ResourceNotFound => "ResourceNotFound",
            Self::InvalidParameterCombinationException => "InvalidParameterCombinationException",
            Self::NoSuchEntityException => "NoSuchEntityException",
            Self::InvalidInputException => "InvalidInputException",
        }
    }

    /// The awsQuery error code of CloudWatch (sent in `x-amzn-query-error`, which its
    /// query-compatible JSON and CBOR clients read as the error's code).
    pub(crate) fn query_code(self) -> &'static str {
        match self {
            Self::InvalidParameterValueException => "InvalidParameterValue",
            Self::MissingRequiredParameterException => "MissingParameter",
            Self::InvalidParameterCombinationException => "InvalidParameterCombination",
            Self::ValidationException => "ValidationError",
            Self::InvalidNextTokenException => "InvalidNextToken",
            Self::AccessDeniedException => "AccessDenied",
            Self::ThrottlingException => "Throttling",
            Self::InternalServerException => "InternalServiceError",
            Self::NoSuchEntityException => "NoSuchEntity",
            Self::InvalidInputException => "InvalidInput",
            other => other.code(),
        }
    }

    /// The HTTP status the Bedrock service model gives this error.
    pub(crate) fn status(self) -> u16 {
        match self {
            Self::ValidationException
            | Self::SerializationException
            | Self::ConflictException
            | Self::ServiceQuotaExceededException
            | Self::TooManyTagsException
            | Self::InvalidNextTokenException
            | Self::InvalidParameterException
            | Self::DuplicateRecordException
            | Self::NotFoundException
            | Self::InvalidParameterValueException
            | Self::MissingRequiredParameterException
            | Self::InvalidParameterCombinationException
            | Self::InvalidInputException => 400,
            Self::AccessDeniedException
            | Self::ExpiredTokenException
            | Self::UnrecognizedClientException
            | Self::MissingAuthenticationTokenException
            | Self::IncompleteSignatureException
            | Self::InvalidSignatureException
            | Self::SignatureDoesNotMatch => 403,
            Self::ResourceNotFoundException
            | Self::UnknownOperationException
            | Self::ResourceNotFound
            | Self::NoSuchEntityException => 404,
            Self::ModelTimeoutException => 408,
            Self::ModelErrorException | Self::ModelStreamErrorException => 424,
            Self::ThrottlingException | Self::ModelNotReadyException => 429,
            Self::InternalServerException => 500,
            Self::ServiceUnavailableException => 503,
        }
    }

    /// The `:exception-type` of this error inside an event stream (`internalServerException`).
    pub(crate) fn stream_event_type(self) -> String {
        let code = self.code();
        let mut out = String::with_capacity(code.len());
        let mut chars = code.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_lowercase());
        }
        out.extend(chars);
        out
    }

    /// Parses an AWS code, with or without the `Exception` suffix, ignoring ASCII case.
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        let wanted = code.trim();
        Self::ALL.into_iter().find(|kind| {
            let full = kind.code();
            full.eq_ignore_ascii_case(wanted)
                || full
                    .strip_suffix("Exception")
                    .is_some_and(|short| short.eq_ignore_ascii_case(wanted))
        })
    }

    /// A message like the one AWS sends when nothing more specific is known.
    pub(crate) fn default_message(self) -> &'static str {
        match self {
            Self::ValidationException => "The request is not valid.",
            Self::SerializationException => "The request body could not be deserialized.",
            Self::AccessDeniedException => "You don't have access to the requested resource.",
            Self::ResourceNotFoundException => "The specified resource was not found.",
            Self::ConflictException => {
                "The request conflicts with the current state of the resource."
            }
            Self::ThrottlingException => "Too many requests, please wait before trying again.",
            Self::ServiceQuotaExceededException => {
                "The request exceeds a service quota for your account."
            }
            Self::InternalServerException => {
                "The server encountered an internal error while processing the request."
            }
            Self::ServiceUnavailableException => {
                "The service is temporarily unavailable. Try again later."
            }
            Self::ModelTimeoutException => "The model took too long to respond.",
            Self::ModelErrorException => {
                "The model returned an error while processing the request."
            }
            Self::ModelNotReadyException => "The model is not ready to serve inference requests.",
            Self::ModelStreamErrorException => "The model stream was interrupted by an error.",
            Self::TooManyTagsException => {
                "The request exceeds the number of tags allowed for the resource."
            }
            Self::ExpiredTokenException => "The security token included in the request is expired",
            Self::UnrecognizedClientException => {
                "The security token included in the request is invalid."
            }
            Self::MissingAuthenticationTokenException => "Missing Authentication Token",
            Self::IncompleteSignatureException => "Authorization header is incomplete.",
            Self::InvalidSignatureException => "The request signature is not valid.",
            Self::SignatureDoesNotMatch => {
                "The request signature we calculated does not match the signature you provided."
            }
            Self::UnknownOperationException => "The requested operation is not recognized.",
            Self::InvalidNextTokenException => {
                "The pagination token is invalid. Try again without a pagination token."
            }
            Self::InvalidParameterException | Self::InvalidParameterValueException => {
                "A parameter of the request is not valid."
            }
            Self::DuplicateRecordException => "The record already exists.",
            Self::NotFoundException | Self::ResourceNotFound => {
                "The specified resource was not found."
            }
            Self::MissingRequiredParameterException => "A required parameter is missing.",
            Self::InvalidParameterCombinationException => {
                "Parameters were given that cannot be used together."
            }
            Self::NoSuchEntityException => "The request was rejected because it referenced an entity that does not exist.",
            Self::InvalidInputException => "The request was rejected because an invalid or out-of-range value was supplied for an input parameter.",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An AWS error response: status, `x-amzn-ErrorType` and a `{"message": …}` body.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct AwsError {
    /// The error code.
    pub kind: ErrorKind,
    /// The human-readable message.
    pub message: String,
    /// `resourceName` of a `TooManyTagsException`.
    pub resource_name: Option<String>,
}

impl AwsError {
    /// An error of `kind` with `message`.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            resource_name: None,
        }
    }

    /// A `ValidationException`.
    pub(crate) fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ValidationException, message)
    }

    /// A `ResourceNotFoundException`.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ResourceNotFoundException, message)
    }

    /// A `SerializationException` for a body that is not the expected JSON.
    pub(crate) fn serialization(detail: impl fmt::Display) -> Self {
        Self::new(
            ErrorKind::SerializationException,
            format!("Could not parse the request body: {detail}"),
        )
    }

    /// The JSON body AWS sends with this error.
    pub(crate) fn body_json(&self) -> String {
        let mut body = serde_json::Map::new();
        body.insert("message".into(), self.message.clone().into());
        if let Some(name) = &self.resource_name {
            body.insert("resourceName".into(), name.clone().into());
        }
        serde_json::Value::Object(body).to_string()
    }
}

impl IntoResponse for AwsError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, self.body_json()).into_response();
        let headers = response.headers_mut();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        // Real Bedrock appends the Coral namespace; clients keep the part before ':'.
        let error_type = format!(
            "{}:http://internal.amazon.com/coral/com.amazon.bedrock/",
            self.kind.code()
        );
        if let Ok(value) = HeaderValue::from_str(&error_type) {
            headers.insert("x-amzn-errortype", value);
        }
        response
    }
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The state file exists but could not be read.
    #[error("cannot read the state file {path}: {source}")]
    ReadState {
        /// The state file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The state file exists but its content is not a valid emulator state; it is left untouched.
    #[error("the state file {path} is corrupt ({reason}); it was left untouched: fix or move it away, then start again")]
    CorruptState {
        /// The state file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The configuration is not usable.
    #[error("invalid configuration: {0}")]
    Config(String),
}

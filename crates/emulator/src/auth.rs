//! SigV4: the region of a request comes from the credential scope of its `Authorization` header.
//! Signatures are not verified; a missing or malformed header gets the error AWS sends for it.

use axum::http::HeaderMap;

use crate::error::{AwsError, ErrorKind};

/// The SigV4 service name both Bedrock APIs are signed with (other services name their own).
pub(crate) const SIGNING_SERVICE: &str = "bedrock";

/// The credential scope of a signed request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Scope {
    pub(crate) access_key: String,
    pub(crate) region: String,
}

fn incomplete(message: impl Into<String>) -> AwsError {
    AwsError::new(ErrorKind::IncompleteSignatureException, message)
}

fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads the credential scope: `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/bedrock/aws4_request, SignedHeaders=…, Signature=…`.
pub(crate) fn scope(headers: &HeaderMap, signing_service: &str) -> Result<Scope, AwsError> {
    let Some(value) = headers.get("authorization") else {
        return Err(AwsError::new(
            ErrorKind::MissingAuthenticationTokenException,
            "Missing Authentication Token",
        ));
    };
    let value = value
        .to_str()
        .map_err(|_| incomplete("Authorization header is not valid ASCII."))?;
    let Some(params) = value.strip_prefix("AWS4-HMAC-SHA256 ") else {
        return Err(incomplete(format!(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. \
             Authorization header requires 'SignedHeaders' parameter. Authorization={value}"
        )));
    };
    let mut credential = None;
    let mut signed_headers = false;
    let mut signature = false;
    for param in params.split(',') {
        let (name, val) = param.trim().split_once('=').unwrap_or((param.trim(), ""));
        match name {
            "Credential" => credential = Some(val),
            "SignedHeaders" => signed_headers = !val.is_empty(),
            "Signature" => signature = !val.is_empty(),
            _ => {}
        }
    }
    let mut missing = Vec::new();
    if credential.is_none() {
        missing.push("Authorization header requires 'Credential' parameter.");
    }
    if !signature {
        missing.push("Authorization header requires 'Signature' parameter.");
    }
    if !signed_headers {
        missing.push("Authorization header requires 'SignedHeaders' parameter.");
    }
    if !headers.contains_key("x-amz-date") && !headers.contains_key("date") {
        missing.push(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        );
    }
    if !missing.is_empty() {
        return Err(incomplete(format!(
            "{} Authorization={value}",
            missing.join(" ")
        )));
    }
    let credential = credential.unwrap_or_default();
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, terminator] = parts.as_slice() else {
        return Err(incomplete(format!(
            "Credential should be scoped to a valid region, not '{credential}'. Credential=<key>/<date>/<region>/<service>/aws4_request"
        )));
    };
    if access_key.is_empty() {
        return Err(AwsError::new(
            ErrorKind::UnrecognizedClientException,
            "The security token included in the request is invalid.",
        ));
    }
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{date}'."
        )));
    }
    if !is_region(region) {
        return Err(AwsError::new(
            ErrorKind::InvalidSignatureException,
            format!("Credential should be scoped to a valid region, not '{region}'."),
        ));
    }
    if *service != signing_service {
        return Err(AwsError::new(
            ErrorKind::InvalidSignatureException,
            format!("Credential should be scoped to correct service: '{signing_service}'."),
        ));
    }
    if *terminator != "aws4_request" {
        return Err(AwsError::new(
            ErrorKind::InvalidSignatureException,
            format!("Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'."),
        ));
    }
    Ok(Scope {
        access_key: (*access_key).to_owned(),
        region: (*region).to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: Option<&'static str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-amz-date", HeaderValue::from_static("20250101T000000Z"));
        if let Some(a) = auth {
            h.insert("authorization", HeaderValue::from_static(a));
        }
        h
    }

    #[test]
    fn reads_the_region_from_the_scope() {
        let h = headers(Some(
            "AWS4-HMAC-SHA256 Credential=test/20250101/ap-northeast-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
        ));
        assert_eq!(
            scope(&h, SIGNING_SERVICE).map(|s| s.region),
            Ok("ap-northeast-1".to_owned())
        );
    }

    #[test]
    fn rejects_missing_and_malformed() {
        assert_eq!(
            scope(&headers(None), SIGNING_SERVICE).map_err(|e| e.kind),
            Err(ErrorKind::MissingAuthenticationTokenException)
        );
        assert_eq!(
            scope(&headers(Some("Bearer x")), SIGNING_SERVICE).map_err(|e| e.kind),
            Err(ErrorKind::IncompleteSignatureException)
        );
        let wrong_service = headers(Some(
            "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc",
        ));
        assert_eq!(
            scope(&wrong_service, SIGNING_SERVICE).map_err(|e| e.kind),
            Err(ErrorKind::InvalidSignatureException)
        );
    }
}

//! SigV4: the region of a request comes from the credential scope of its `Authorization` header.
//! Signatures are not verified; a missing or malformed header gets the error AWS sends for it,
//! and so does a request signed at a time too far from the emulator's clock (a wrong clock on the
//! caller's machine, or the emulator's own moved by [`crate::Fault::ClockSkew`]).

use axum::http::HeaderMap;
use time::OffsetDateTime;

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

/// How far a request's signing time may be from the service's clock, in minutes: 5 for the
/// JSON and REST services (Bedrock, Cost Explorer …), 15 for STS, as their answers to a skewed
/// signature say ("… (20261201T121000Z - 5 min.)", "… - 15 min.").
pub(crate) fn signature_window_minutes(query_protocol: bool) -> i64 {
    if query_protocol {
        15
    } else {
        5
    }
}

/// Refuses a request whose `X-Amz-Date` (else `Date`) is more than `window_minutes` from `now`,
/// with AWS's words: `Signature expired: 20261201T120000Z is now earlier than 20261201T120500Z
/// (20261201T121000Z - 5 min.)`, or `Signature not yet current: … is still later than …
/// (… + 5 min.)`, as `InvalidSignatureException`; STS (`query_protocol`) sends the same text as
/// `SignatureDoesNotMatch`.
pub(crate) fn check_signing_time(
    headers: &HeaderMap,
    now: OffsetDateTime,
    query_protocol: bool,
) -> Result<(), AwsError> {
    let window_minutes = signature_window_minutes(query_protocol);
    let kind = if query_protocol {
        ErrorKind::SignatureDoesNotMatch
    } else {
        ErrorKind::InvalidSignatureException
    };
    use crate::clock::{amz_date, parse_amz_date, parse_http_date};
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signed = match (header("x-amz-date"), header("date")) {
        (Some(text), _) => parse_amz_date(text).ok_or_else(|| {
            incomplete(format!(
                "Date must be in ISO-8601 'basic format'. Got '{text}'. See http://en.wikipedia.org/wiki/ISO_8601"
            ))
        })?,
        (None, Some(text)) => parse_http_date(text).ok_or_else(|| {
            incomplete(format!("Date header is not a valid HTTP date. Got '{text}'."))
        })?,
        // `scope` has already refused a request with neither.
        (None, None) => return Ok(()),
    };
    let window = time::Duration::minutes(window_minutes);
    let (earliest, latest) = (now - window, now + window);
    if signed < earliest {
        return Err(AwsError::new(
            kind,
            format!(
                "Signature expired: {} is now earlier than {} ({} - {window_minutes} min.)",
                amz_date(signed),
                amz_date(earliest),
                amz_date(now)
            ),
        ));
    }
    if signed > latest {
        return Err(AwsError::new(
            kind,
            format!(
                "Signature not yet current: {} is still later than {} ({} + {window_minutes} min.)",
                amz_date(signed),
                amz_date(latest),
                amz_date(now)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_signature_more_than_the_window_away_is_refused_in_awss_words() {
        #![allow(clippy::unwrap_used)]
        let now = crate::clock::parse_amz_date("20261201T121000Z").unwrap();
        let at = |date: &'static str| {
            let mut h = HeaderMap::new();
            h.insert("x-amz-date", HeaderValue::from_static(date));
            check_signing_time(&h, now, false)
        };
        assert_eq!(at("20261201T120500Z"), Ok(()));
        assert_eq!(at("20261201T121500Z"), Ok(()));
        let old = at("20261201T120000Z").unwrap_err();
        assert_eq!(old.kind, ErrorKind::InvalidSignatureException);
        assert_eq!(
            old.message,
            "Signature expired: 20261201T120000Z is now earlier than 20261201T120500Z (20261201T121000Z - 5 min.)"
        );
        let ahead = at("20261201T122000Z").unwrap_err();
        assert_eq!(
            ahead.message,
            "Signature not yet current: 20261201T122000Z is still later than 20261201T121500Z (20261201T121000Z + 5 min.)"
        );
        assert_eq!(
            at("2026-12-01").map_err(|e| e.kind),
            Err(ErrorKind::IncompleteSignatureException)
        );
        let mut dated = HeaderMap::new();
        dated.insert(
            "date",
            HeaderValue::from_static("Tue, 01 Dec 2026 11:00:00 GMT"),
        );
        let sts = check_signing_time(&dated, now, true).unwrap_err();
        assert_eq!(sts.kind, ErrorKind::SignatureDoesNotMatch);
        assert!(
            sts.message.ends_with("(20261201T121000Z - 15 min.)"),
            "{}",
            sts.message
        );
    }

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

//! Small wire helpers: percent-decoding path segments and queries, JSON bodies, tags, stable
//! hashes and hex for opaque tokens.

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::error::AwsError;

/// A tag as Bedrock puts it on the wire: `{"key": …, "value": …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Tag {
    /// The tag key.
    pub(crate) key: String,
    /// The tag value.
    pub(crate) value: String,
}

impl Tag {
    /// A tag from its key and value.
    pub(crate) fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
/// `plus_is_space` applies form semantics (queries), not path semantics.
pub(crate) fn percent_decode(input: &str, plus_is_space: bool) -> Option<String> {
    if !input
        .bytes()
        .any(|b| b == b'%' || (plus_is_space && b == b'+'))
    {
        return Some(input.to_owned());
    }
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Splits a raw (still percent-encoded) path on `/`, then decodes each segment, so that an
/// encoded `%2F` stays inside its segment (ARNs and model ids arrive that way).
pub(crate) fn path_segments(raw_path: &str) -> Option<Vec<String>> {
    raw_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false))
        .collect()
}

/// Parses a query string into decoded `(name, value)` pairs.
pub(crate) fn query_pairs(query: Option<&str>) -> Option<Vec<(String, String)>> {
    let Some(query) = query else {
        return Some(Vec::new());
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((percent_decode(name, true)?, percent_decode(value, true)?))
        })
        .collect()
}

/// An error as the awsJson1.1 services (Cost Explorer, Budgets, the Price List) send it: the
/// code also in the body's `__type`, which is where the AWS CLI and boto3 read a JSON-1.1
/// service's error code (without it they report only the status).
pub(crate) fn json_1_1_error(error: &AwsError) -> Response {
    let body = serde_json::json!({"__type": error.kind.code(), "message": error.message});
    let mut response = json_response(error.kind.status(), body.to_string());
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    if let Ok(value) = HeaderValue::from_str(error.kind.code()) {
        headers.insert("x-amzn-errortype", value);
    }
    response
}

/// A JSON response with the given status.
pub(crate) fn json_response(status: u16, body: impl Into<axum::body::Body>) -> Response {
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::OK);
    let mut response = (status, body.into()).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}

/// Parses a JSON request body; an empty body counts as `{}`.
pub(crate) fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AwsError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).map_err(AwsError::serialization)
}

/// The FNV-1a offset basis: the hash of nothing.
pub(crate) const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `hash` (the prompt cache hashes prefixes block by block).
pub(crate) fn fnv_continue(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A 64-bit FNV-1a hash of `parts`, each followed by 0xff: stable across runs and Rust versions
/// (seeds, responder choices).
pub(crate) fn fnv1a(parts: &[&str]) -> u64 {
    parts.iter().fold(FNV_START, |hash, part| {
        fnv_continue(fnv_continue(hash, part.as_bytes()), b"\xff")
    })
}

/// Lowercase hex of `bytes` (opaque pagination tokens).
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Decodes lowercase or uppercase hex.
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `text` with XML's five special characters escaped.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An XML answer (`text/xml`), as the awsQuery services (STS, IAM) send them.
pub(crate) fn xml_response(status: axum::http::StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("text/xml"));
    response
}

/// An awsQuery error in the namespace `xmlns` with the code `code`:
/// `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>…<Message>…`, the code also in
/// `x-amzn-ErrorType`.
pub(crate) fn query_error(xmlns: &str, code: &str, error: &AwsError, request_id: &str) -> Response {
    use axum::http::StatusCode;
    let status = StatusCode::from_u16(error.kind.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let fault = if status.is_server_error() {
        "Receiver"
    } else {
        "Sender"
    };
    let body = format!(
        "<ErrorResponse xmlns=\"{xmlns}\">\n  <Error>\n    <Type>{fault}</Type>\n    <Code>{code}</Code>\n    \
         <Message>{}</Message>\n  </Error>\n  <RequestId>{}</RequestId>\n</ErrorResponse>\n",
        xml_escape(&error.message),
        xml_escape(request_id),
    );
    let mut response = xml_response(status, body);
    if let Ok(value) = HeaderValue::from_str(code) {
        response.headers_mut().insert("x-amzn-errortype", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_encoded_slashes() {
        let segs = path_segments(
            "/inference-profiles/arn%3Aaws%3Abedrock%3Aap-northeast-1%3A123456789012%3Aapplication-inference-profile%2Fabc123def456",
        );
        assert_eq!(
            segs,
            Some(vec![
                "inference-profiles".to_owned(),
                "arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/abc123def456".to_owned()
            ])
        );
        assert_eq!(path_segments("/bad%zz"), None);
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(unhex(&hex(b"A:42")), Some(b"A:42".to_vec()));
        assert_eq!(unhex("zz"), None);
    }
}

//! STS on the emulator's port: `GetCallerIdentity` (awsQuery: a form body in, XML out), so that
//! the account and principal the costs belong to can be shown as AWS shows them.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AwsError;
use crate::server::Shared;
use crate::wire::fnv1a;

/// The namespace of every STS answer (botocore's `sts` model, `xmlNamespace`).
const XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// The IAM user every signed request is taken to come from (the one AccessDenied names).
pub(crate) const CALLER_USER: &str = "emulator-user";

/// `text` with XML's five special characters escaped.
fn escape(text: &str) -> String {
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

/// The caller's ARN: `arn:aws:iam::ACCOUNT:user/emulator-user`.
pub(crate) fn caller_arn(account: &str) -> String {
    format!("arn:aws:iam::{account}:user/{CALLER_USER}")
}

/// The caller's unique id, as IAM gives users: `AIDA` and 17 uppercase letters and digits,
/// derived from the account so that it is the same on every start.
pub(crate) fn caller_user_id(account: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut hash = fnv1a(&[account, CALLER_USER]);
    let mut id = String::from("AIDA");
    for _ in 0..17 {
        id.push(char::from(ALPHABET[(hash % 32) as usize]));
        hash = hash.rotate_right(5) ^ 0x9e37_79b9_7f4a_7c15;
    }
    id
}

fn xml_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("text/xml"));
    response
}

/// `POST /` with `Action=GetCallerIdentity`.
pub(crate) fn get_caller_identity(shared: &Shared, request_id: &str) -> Response {
    let account = &shared.account;
    let body = format!(
        "<GetCallerIdentityResponse xmlns=\"{XMLNS}\">\n  <GetCallerIdentityResult>\n    <Arn>{}</Arn>\n    \
         <UserId>{}</UserId>\n    <Account>{}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    \
         <RequestId>{}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
        escape(&caller_arn(account)),
        escape(&caller_user_id(account)),
        escape(account),
        escape(request_id),
    );
    xml_response(StatusCode::OK, body)
}

/// An error as awsQuery services send it: `<ErrorResponse><Error><Type>…<Code>…<Message>…`,
/// with the same status and `x-amzn-ErrorType` as the JSON form (for the request log).
pub(crate) fn error_response(error: &AwsError, request_id: &str) -> Response {
    let status = StatusCode::from_u16(error.kind.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let fault = if status.is_server_error() {
        "Receiver"
    } else {
        "Sender"
    };
    let body = format!(
        "<ErrorResponse xmlns=\"{XMLNS}\">\n  <Error>\n    <Type>{fault}</Type>\n    <Code>{}</Code>\n    \
         <Message>{}</Message>\n  </Error>\n  <RequestId>{}</RequestId>\n</ErrorResponse>\n",
        error.kind.code(),
        escape(&error.message),
        escape(request_id),
    );
    let mut response = xml_response(status, body);
    if let Ok(value) = HeaderValue::from_str(error.kind.code()) {
        response.headers_mut().insert("x-amzn-errortype", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_id_looks_like_iams_and_is_stable() {
        let id = caller_user_id("123456789012");
        assert_eq!(id.len(), 21, "{id}");
        assert!(id.starts_with("AIDA"), "{id}");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
            "{id}"
        );
        assert_eq!(id, caller_user_id("123456789012"));
        assert_ne!(id, caller_user_id("210987654321"));
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}

//! The admin API under `/_emulator/` (JSON, no authentication); see the crate documentation.
//!
//! With no authentication, two checks keep web pages out: the `Host` must name this emulator on a
//! loopback address (a DNS-rebinding page sends its own host name: 403), and every `POST` or `PUT`
//! must say `Content-Type: application/json` (a page can send form or text bodies without a CORS
//! preflight, never JSON: 415).

use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::catalog::SEEDED_REGIONS;
use crate::config::{Billing, Pacing};
use crate::faults::Fault;
use crate::server::Shared;
use crate::wire::{json_response, query_pairs};

const MAX_ADMIN_BODY: usize = 1024 * 1024;

#[derive(Deserialize)]
#[serde(untagged)]
enum FaultBody {
    Many { faults: Vec<Fault> },
    One(Fault),
}

/// An admin error: `{"message": …}` with `status`.
fn message_response(status: u16, message: impl std::fmt::Display) -> Response {
    json_response(
        status,
        json!({ "message": message.to_string() }).to_string(),
    )
}

fn bad_request(message: impl std::fmt::Display) -> Response {
    message_response(400, message)
}

/// Whether `host` (a `Host` header or URI authority) names this emulator: a loopback name or the
/// bound address, with the bound port (no port means 80).
fn is_own_host(host: &str, shared: &Shared) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        // `[::1]:8080` or `localhost:8080`; a bare `::1` is not a valid Host.
        Some((name, port)) if !name.is_empty() && (name.ends_with(']') || !name.contains(':')) => {
            (name, port.parse::<u16>().ok())
        }
        _ => (host, Some(80)),
    };
    if port != Some(shared.addr.port()) {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    if bare == "localhost" {
        return true;
    }
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => {
            ip.is_loopback() || (!shared.addr.ip().is_unspecified() && ip == shared.addr.ip())
        }
        Err(_) => false,
    }
}

fn host_of(parts: &axum::http::request::Parts) -> Option<String> {
    match parts.headers.get(header::HOST) {
        Some(value) => value.to_str().ok().map(str::to_owned),
        // HTTP/2 carries the host in the URI authority instead.
        None => parts.uri.authority().map(|a| a.as_str().to_owned()),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// `PUT /_emulator/caller`: `{"arn": "arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION"}`, or
/// `{"arn": null}` for the default IAM user.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallerBody {
    arn: Option<String>,
}

fn caller_response(shared: &Shared) -> Response {
    let caller = shared.caller();
    json_response(
        200,
        json!({ "arn": caller.arn, "userId": caller.user_id, "account": shared.account })
            .to_string(),
    )
}

fn faults_response(shared: &Shared) -> Response {
    json_response(200, json!({ "faults": shared.faults.list() }).to_string())
}

pub(crate) async fn handle(shared: &Shared, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    match host_of(&parts) {
        Some(host) if is_own_host(&host, shared) => {}
        host => {
            return message_response(
                403,
                format!(
                    "the admin API answers only requests addressed to this emulator on a loopback host \
                     (127.0.0.1, localhost or [::1] with port {}), not {:?}",
                    shared.addr.port(),
                    host.unwrap_or_default()
                ),
            )
        }
    }
    if matches!(parts.method, Method::POST | Method::PUT) && !is_json(&parts.headers) {
        return message_response(
            415,
            "admin requests with a body need Content-Type: application/json",
        );
    }
    let path = parts.uri.path().trim_end_matches('/');
    let body = match axum::body::to_bytes(body, MAX_ADMIN_BODY).await {
        Ok(body) => body,
        Err(e) => return bad_request(format!("cannot read the body: {e}")),
    };
    match (&parts.method, path) {
        (&Method::GET, "/_emulator/health") => json_response(
            200,
            json!({
                "status": "ok",
                "accountId": shared.account,
                "seed": shared.seed,
                "regions": SEEDED_REGIONS,
                "pacing": shared.pacing(),
            })
            .to_string(),
        ),
        (&Method::POST, "/_emulator/reset") => match shared.reset().await {
            Ok(()) => json_response(200, json!({ "status": "reset" }).to_string()),
            Err(e) => message_response(500, e.message),
        },
        (&Method::GET, "/_emulator/faults") => faults_response(shared),
        (&Method::POST, "/_emulator/faults") => {
            let faults = match serde_json::from_slice::<FaultBody>(&body) {
                Ok(FaultBody::Many { faults }) => faults,
                Ok(FaultBody::One(fault)) => vec![fault],
                Err(e) => return bad_request(format!("not a fault: {e}")),
            };
            if let Some(e) = faults.iter().find_map(|f| f.validate().err()) {
                return bad_request(e);
            }
            for fault in faults {
                shared.faults.add(fault);
            }
            faults_response(shared)
        }
        (&Method::DELETE, "/_emulator/faults") => {
            shared.faults.clear();
            faults_response(shared)
        }
        (&Method::GET, "/_emulator/requests") => {
            let pairs = query_pairs(parts.uri.query()).unwrap_or_default();
            let operation = pairs
                .iter()
                .find(|(k, _)| k == "operation")
                .map(|(_, v)| v.as_str());
            let requests: Vec<_> = shared
                .requests
                .snapshot()
                .into_iter()
                .filter(|r| operation.is_none_or(|op| r.operation == op))
                .collect();
            json_response(200, json!({ "requests": requests }).to_string())
        }
        (&Method::DELETE, "/_emulator/requests") => {
            shared.requests.clear();
            json_response(200, json!({ "requests": [] }).to_string())
        }
        (&Method::GET, "/_emulator/pacing") => {
            json_response(200, json!(shared.pacing()).to_string())
        }
        (&Method::PUT, "/_emulator/pacing") => match serde_json::from_slice::<Pacing>(&body) {
            Ok(pacing) => {
                shared.set_pacing(pacing);
                json_response(200, json!(pacing).to_string())
            }
            Err(e) => bad_request(format!("not a pacing: {e}")),
        },
        (&Method::GET, "/_emulator/billing") => {
            json_response(200, json!(shared.billing()).to_string())
        }
        (&Method::PUT, "/_emulator/billing") => match serde_json::from_slice::<Billing>(&body) {
            Ok(billing) => match billing.validate() {
                Ok(()) => {
                    shared.set_billing(billing.clone());
                    json_response(200, json!(billing).to_string())
                }
                Err(e) => bad_request(e),
            },
            Err(e) => bad_request(format!("not a billing setting: {e}")),
        },
        (&Method::GET, "/_emulator/caller") => caller_response(shared),
        (&Method::PUT, "/_emulator/caller") => match serde_json::from_slice::<CallerBody>(&body) {
            Ok(CallerBody { arn }) => {
                let caller = match arn {
                    Some(arn) => match crate::sts::Principal::parse(&arn, &shared.account) {
                        Ok(caller) => caller,
                        Err(e) => return bad_request(e),
                    },
                    None => crate::sts::Principal::default_for(&shared.account),
                };
                shared.set_caller(caller);
                caller_response(shared)
            }
            Err(e) => bad_request(format!("not a caller: {e}")),
        },
        _ => message_response(
            404,
            format!("no admin endpoint {} {}", parts.method, parts.uri.path()),
        ),
    }
}

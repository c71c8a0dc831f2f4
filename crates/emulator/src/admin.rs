//! The admin API under `/_emulator/` (JSON, no authentication); see the crate documentation.

use axum::extract::Request;
use axum::http::Method;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::catalog::SEEDED_REGIONS;
use crate::config::Pacing;
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

fn bad_request(message: impl std::fmt::Display) -> Response {
    json_response(400, json!({ "message": message.to_string() }).to_string())
}

fn faults_response(shared: &Shared) -> Response {
    json_response(200, json!({ "faults": shared.faults.list() }).to_string())
}

pub(crate) async fn handle(shared: &Shared, request: Request) -> Response {
    let (parts, body) = request.into_parts();
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
            Err(e) => json_response(500, json!({ "message": e.message }).to_string()),
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
            let operation = pairs.iter().find(|(k, _)| k == "operation").map(|(_, v)| v.as_str());
            let requests: Vec<_> =
                shared.requests.snapshot().into_iter().filter(|r| operation.is_none_or(|op| r.operation == op)).collect();
            json_response(200, json!({ "requests": requests }).to_string())
        }
        (&Method::DELETE, "/_emulator/requests") => {
            shared.requests.clear();
            json_response(200, json!({ "requests": [] }).to_string())
        }
        (&Method::GET, "/_emulator/pacing") => json_response(200, json!(shared.pacing()).to_string()),
        (&Method::PUT, "/_emulator/pacing") => match serde_json::from_slice::<Pacing>(&body) {
            Ok(pacing) => {
                shared.set_pacing(pacing);
                json_response(200, json!(pacing).to_string())
            }
            Err(e) => bad_request(format!("not a pacing: {e}")),
        },
        _ => json_response(
            404,
            json!({ "message": format!("no admin endpoint {} {}", parts.method, parts.uri.path()) }).to_string(),
        ),
    }
}

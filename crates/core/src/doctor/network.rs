//! `network`: the endpoint reached, the proxy in use, TLS trust (a custom CA bundle) and clock
//! skew (a request signed by a wrong clock is refused).
//!
//! One unsigned `GET` goes to the Bedrock endpoint through the same HTTP client the SDK gets
//! (same proxy, same trust); any HTTP answer means the network path works, and its `Date`
//! header tells how far this machine's clock is from the service's.

use aws_sdk_bedrock::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};

use super::{Check, CheckId, CheckStatus, Ctx};
use crate::error::{skew_words as describe_skew, CLOCK_FIX};
use crate::http_client::{CaBundle, ProbeAnswer, ProbeFailure, Route, PROBE_TIMEOUT};
use crate::session::Session;

/// AWS refuses a signature more than this far from its clock (5 minutes).
const REFUSED_SKEW_S: i64 = 5 * 60;

/// Beyond this, the skew is worth a warning (a minute).
const WARN_SKEW_S: i64 = 60;

/// `network`.
pub(super) async fn network(ctx: &Ctx) -> Check {
    let session = match ctx.session().await {
        Ok(session) => session,
        Err(e) => {
            return Check::skipped(
                CheckId::Network,
                format!("There is no connection to examine: {}", e.message()),
            )
        }
    };
    examine(&session).await
}

/// Where the check looks and through what.
struct Path {
    endpoint: String,
    route: Route,
    proxy: Option<String>,
    ca_bundle: Option<CaBundle>,
    demo: bool,
}

async fn examine(session: &Session) -> Check {
    let demo = session.info.demo.is_some();
    let endpoint = match bedrock_endpoint(session).await {
        Ok(endpoint) => endpoint,
        Err(why) => return Check::new(CheckId::Network, CheckStatus::Fail, why),
    };
    let route = if demo {
        Route::Direct
    } else {
        Route::Environment
    };
    let path = Path {
        proxy: crate::http_client::proxy_for(route, &endpoint),
        ca_bundle: if demo {
            None
        } else {
            crate::aws::configured_ca_bundle(session.target.profile.as_deref()).await
        },
        endpoint,
        route,
        demo,
    };
    let mut looked_at = vec![
        if demo {
            format!(
                "endpoint: {} (demo mode: the built-in Bedrock emulator)",
                path.endpoint
            )
        } else if session.target.endpoint_url.is_some() {
            format!("endpoint: {} (the endpoint override)", path.endpoint)
        } else {
            format!(
                "endpoint: {} (AWS's for {})",
                path.endpoint, session.target.region
            )
        },
        match &path.proxy {
            Some(proxy) => format!("proxy: {proxy} (from the environment)"),
            None if demo => "proxy: none (demo mode never uses one)".to_owned(),
            None => "proxy: none (no HTTPS_PROXY / ALL_PROXY applies to it)".to_owned(),
        },
        match &path.ca_bundle {
            Some(bundle) => format!(
                "TLS trust: the system's root certificates plus {} (from {})",
                bundle.path.display(),
                bundle.origin
            ),
            None => "TLS trust: the system's root certificates".to_owned(),
        },
    ];
    let answer = match crate::http_client::probe(
        path.route,
        path.ca_bundle.as_ref(),
        &path.endpoint,
    )
    .await
    {
        Ok(answer) => answer,
        // The SDK refuses the same bundle, with the same words.
        Err(e) => {
            let mut check = Check::new(CheckId::Network, CheckStatus::Fail, e.message());
            if let Some(hint) = e.hint() {
                check = check.with_fix(hint);
            }
            return with_details(check, looked_at);
        }
    };
    let check = match answer {
        Ok(answer) => reached(&path, &answer, &mut looked_at),
        Err(failure) => unreached(&path, failure),
    };
    with_details(check, looked_at)
}

fn with_details(mut check: Check, mut details: Vec<String>) -> Check {
    details.append(&mut check.details);
    check.details = details;
    check
}

/// The Bedrock control-plane endpoint of the session: its override, else what the SDK's own
/// endpoint rules give for the region (`https://bedrock.REGION.amazonaws.com`, `.com.cn` in
/// China, FIPS and dual-stack variants when configured).
async fn bedrock_endpoint(session: &Session) -> Result<String, String> {
    if let Some(url) = &session.target.endpoint_url {
        return Ok(url.clone());
    }
    let config = session.sdk_config();
    let params = Params::builder()
        .region(session.target.region.clone())
        .use_fips(config.use_fips().unwrap_or(false))
        .use_dual_stack(config.use_dual_stack().unwrap_or(false))
        .build()
        .map_err(|e| {
            format!(
                "Bedrock's endpoint for {} cannot be worked out: {e}",
                session.target.region
            )
        })?;
    let resolver = DefaultResolver::new();
    ResolveEndpoint::resolve_endpoint(&resolver, &params)
        .await
        .map(|endpoint| endpoint.url().to_owned())
        .map_err(|e| {
            format!(
                "Bedrock has no endpoint for region {}: {e}",
                session.target.region
            )
        })
}

/// The round trip, and the clock compared with the answer's `Date`.
fn reached(path: &Path, answer: &ProbeAnswer, details: &mut Vec<String>) -> Check {
    let elapsed = answer.received_ms.saturating_sub(answer.sent_ms);
    details.push(format!(
        "answer: HTTP {} in {elapsed} ms (an unsigned request)",
        answer.status
    ));
    let who = if path.demo {
        "the demo emulator"
    } else {
        "AWS"
    };
    let answered = format!("{} answered (HTTP {})", path.endpoint, answer.status);
    let Some(skew_s) = answer
        .date
        .as_deref()
        .and_then(|date| skew_seconds(date, answer))
    else {
        details.push("clock: the answer carried no Date header to compare with".to_owned());
        return Check::new(
            CheckId::Network,
            CheckStatus::Pass,
            format!("{answered}; its clock could not be compared with this computer's."),
        );
    };
    details.push(format!(
        "clock: this computer's clock is {} {who}'s (Date: {})",
        describe_skew(skew_s),
        answer.date.as_deref().unwrap_or_default()
    ));
    let off = skew_s.abs();
    if off > REFUSED_SKEW_S {
        details.push(
            "Strata's AWS SDK re-signs a refused request with the time AWS sends, but the AWS CLI, \
             boto3 and other tools are refused"
                .to_owned(),
        );
        Check::new(
            CheckId::Network,
            CheckStatus::Fail,
            format!(
                "This computer's clock is {} {who}'s: AWS refuses signatures more than 5 minutes off.",
                describe_skew(skew_s)
            ),
        )
        .with_fix(CLOCK_FIX)
    } else if off > WARN_SKEW_S {
        Check::new(
            CheckId::Network,
            CheckStatus::Warn,
            format!(
                "{answered}, but this computer's clock is {} {who}'s: beyond 5 minutes AWS refuses \
                 signatures.",
                describe_skew(skew_s)
            ),
        )
        .with_fix(CLOCK_FIX)
    } else {
        Check::new(
            CheckId::Network,
            CheckStatus::Pass,
            format!("{answered}; this computer's clock agrees with {who}'s."),
        )
    }
}

/// This machine's clock minus the server's, in seconds, from the `Date` header and the midpoint
/// of the round trip (the server wrote its `Date` somewhere in between).
fn skew_seconds(date: &str, answer: &ProbeAnswer) -> Option<i64> {
    let server =
        aws_smithy_types::DateTime::from_str(date, aws_smithy_types::date_time::Format::HttpDate)
            .ok()?;
    let server_ms = server.to_millis().ok()?;
    let midpoint = answer.sent_ms / 2 + answer.received_ms / 2;
    let local_ms = i64::try_from(midpoint).ok()?;
    // Whole seconds: the Date header has no finer grain.
    Some((local_ms - server_ms) / 1000)
}

/// No HTTP answer: each cause its own finding and fix.
fn unreached(path: &Path, failure: ProbeFailure) -> Check {
    let endpoint = &path.endpoint;
    let host = host_of(endpoint);
    let via = path
        .proxy
        .as_ref()
        .map(|p| format!(" through the proxy {p}"))
        .unwrap_or_default();
    let network_fix = if path.demo {
        "Restart Strata: the demo emulator runs inside it.".to_owned()
    } else {
        "Check the endpoint override in Settings → AWS Settings (and AWS_ENDPOINT_URL_BEDROCK), \
         your network connection and firewall; behind a corporate proxy set HTTPS_PROXY (and \
         NO_PROXY for hosts reached directly)."
            .to_owned()
    };
    match failure {
        ProbeFailure::Dns(cause) => Check::new(
            CheckId::Network,
            CheckStatus::Fail,
            format!("The name {host} could not be resolved (DNS): {cause}."),
        )
        .with_fix(format!(
            "Check your DNS and network connection, and that the region is one where Bedrock runs. {network_fix}"
        )),
        ProbeFailure::Connect(cause) => Check::new(
            CheckId::Network,
            CheckStatus::Fail,
            match &path.proxy {
                Some(proxy) => format!("The proxy {proxy} could not be reached: {cause}."),
                None => format!("Nothing accepts connections at {endpoint}: {cause}."),
            },
        )
        .with_fix(network_fix),
        ProbeFailure::Timeout => Check::new(
            CheckId::Network,
            CheckStatus::Fail,
            format!(
                "{endpoint} did not answer{via} within {} s.",
                PROBE_TIMEOUT.as_secs()
            ),
        )
        .with_fix(network_fix),
        ProbeFailure::Tls(cause) => tls_failure(path, &cause),
        ProbeFailure::Other(cause) => Check::new(
            CheckId::Network,
            CheckStatus::Fail,
            format!("The request to {endpoint}{via} failed: {cause}."),
        )
        .with_fix(network_fix),
    }
}

fn tls_failure(path: &Path, cause: &str) -> Check {
    let (finding, fix) = match (&path.ca_bundle, &path.proxy) {
        (Some(bundle), _) => (
            format!(
                "The CA bundle {} (from {}) does not trust the certificate of {}: {cause}.",
                bundle.path.display(),
                bundle.origin,
                path.endpoint
            ),
            format!(
                "Put the root certificate of your network's TLS inspection (PEM) into {}, or point {} \
                 at a bundle that holds it.",
                bundle.path.display(),
                bundle.origin
            ),
        ),
        (None, Some(proxy)) => (
            format!(
                "The certificate presented through the proxy {proxy} is not trusted: {cause}; the \
                 proxy probably inspects TLS."
            ),
            "Ask your IT department for the proxy's root certificate (PEM) and set AWS_CA_BUNDLE \
             (or ca_bundle in your AWS profile) to that file."
                .to_owned(),
        ),
        (None, None) => (
            format!(
                "The certificate of {} is not trusted by this computer's root certificates: {cause}.",
                path.endpoint
            ),
            "If your network inspects TLS, set AWS_CA_BUNDLE (or ca_bundle in your AWS profile) to \
             its root certificate (PEM); otherwise check the endpoint override in Settings → AWS \
             Settings."
                .to_owned(),
        ),
    };
    Check::new(CheckId::Network, CheckStatus::Fail, finding).with_fix(fix)
}

/// `host[:port]` of a URL, for messages.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(date: &str, sent_ms: u64, received_ms: u64) -> ProbeAnswer {
        ProbeAnswer {
            status: 404,
            date: Some(date.to_owned()),
            sent_ms,
            received_ms,
        }
    }

    #[test]
    fn the_skew_is_measured_from_the_date_at_the_midpoint() {
        // Tue, 01 Dec 2026 12:00:00 GMT
        let server_ms = 1_796_126_400_000u64;
        let date = "Tue, 01 Dec 2026 12:00:00 GMT";
        assert_eq!(
            skew_seconds(date, &answer(date, server_ms - 200, server_ms + 200)),
            Some(0)
        );
        assert_eq!(
            skew_seconds(
                date,
                &answer(date, server_ms + 600_000, server_ms + 600_400)
            ),
            Some(600)
        );
        assert_eq!(
            skew_seconds(
                date,
                &answer(date, server_ms - 420_000, server_ms - 419_000)
            ),
            Some(-419)
        );
        assert_eq!(skew_seconds("yesterday", &answer("", 0, 0)), None);
    }

    #[test]
    fn skews_are_said_in_minutes_or_seconds() {
        assert_eq!(describe_skew(600), "10 min ahead of");
        assert_eq!(describe_skew(-420), "7 min behind");
        assert_eq!(describe_skew(-45), "45 s behind");
        assert_eq!(describe_skew(0), "in step with");
        assert_eq!(
            host_of("https://bedrock.us-east-1.amazonaws.com/x"),
            "bedrock.us-east-1.amazonaws.com"
        );
    }
}

//! What more than one of core's integration tests needs (each test file uses a part of it).

#![allow(dead_code)]

/// Variables that would let the machine running the tests leak into the real-mode tests.
pub(crate) const CLEARED: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_BEDROCK",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_CA_BUNDLE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "STRATA_CREDENTIALS_TIMEOUT_S",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

/// The kinds of a turn's events in order, runs of deltas (answer or reasoning) folded into one.
pub(crate) fn event_kinds(events: &[strata_core::chat::ChatEvent]) -> Vec<&'static str> {
    use strata_core::chat::ChatEvent;
    let mut out: Vec<&'static str> = Vec::new();
    for e in events {
        let k = match e {
            ChatEvent::Started { .. } => "started",
            ChatEvent::Delta { .. } => "delta",
            ChatEvent::ReasoningDelta { .. } => "reasoningDelta",
            ChatEvent::ReasoningSignature { .. } => "reasoningSignature",
            ChatEvent::ReasoningRedacted { .. } => "reasoningRedacted",
            ChatEvent::Stopped { .. } => "stopped",
            ChatEvent::Failed { .. } => "failed",
            ChatEvent::Finished { .. } => "finished",
        };
        if out.last() != Some(&k) || (k != "delta" && k != "reasoningDelta") {
            out.push(k);
        }
    }
    out
}

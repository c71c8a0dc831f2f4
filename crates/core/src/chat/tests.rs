//! Unit tests of the chat module's pure parts: the idle timeout's variable, the stall error and
//! the request's validation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use super::options::{idle_timeout_from, DEFAULT_IDLE_TIMEOUT, IDLE_TIMEOUT_ENV};
use super::stream::stalled;
use super::*;
use crate::error::ErrorKind;

fn msg(role: Role, text: &str) -> ChatMessage {
    ChatMessage::text(role, text)
}

fn request(messages: Vec<ChatMessage>) -> ChatRequest {
    ChatRequest::new("m", messages)
}

#[test]
fn the_idle_timeout_comes_from_whole_seconds_and_bad_values_fall_back_with_a_warning() {
    assert_eq!(idle_timeout_from(None), (DEFAULT_IDLE_TIMEOUT, None));
    assert_eq!(idle_timeout_from(Some("  ")), (DEFAULT_IDLE_TIMEOUT, None));
    assert_eq!(idle_timeout_from(Some("5")), (Duration::from_secs(5), None));
    for bad in ["0", "-3", "1.5", "soon", "86401", "99999999999999999999999"] {
        let (timeout, warning) = idle_timeout_from(Some(bad));
        assert_eq!(timeout, DEFAULT_IDLE_TIMEOUT, "{bad}");
        let warning = warning.unwrap();
        assert!(
            warning.contains(IDLE_TIMEOUT_ENV) && warning.contains(bad),
            "{warning}"
        );
    }
}

#[test]
fn a_stall_says_how_long_and_what_to_do() {
    let e = stalled(Duration::from_secs(60), "us-east-1");
    assert_eq!(e.kind(), ErrorKind::Network);
    assert!(
        e.message().contains("stalled") && e.message().contains("60 s"),
        "{e}"
    );
    assert!(e.hint().unwrap().contains("kept"), "{e:?}");
    assert!(stalled(Duration::from_millis(300), "x")
        .message()
        .contains("300 ms"));
}

#[test]
fn validation_says_what_is_wrong_before_any_call() {
    assert!(request(vec![msg(Role::User, "hi")]).validate().is_ok());
    for (bad, says) in [
        (request(vec![]), "no message"),
        (request(vec![msg(Role::User, "  ")]), "empty message"),
        (
            request(vec![msg(Role::User, "a"), msg(Role::Assistant, "b")]),
            "last message",
        ),
        (
            request(vec![msg(Role::User, "a"), msg(Role::User, "b")]),
            "alternate",
        ),
        (
            ChatRequest {
                max_tokens: Some(0),
                ..request(vec![msg(Role::User, "a")])
            },
            "Max tokens",
        ),
        (
            ChatRequest {
                temperature: Some(1.5),
                top_p: None,
                stop_sequences: Vec::new(),
                reasoning_budget: None,
                service_tier: None,
                prompt_cache: true,
                ..request(vec![msg(Role::User, "a")])
            },
            "Temperature",
        ),
    ] {
        let e = bad.validate().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert!(e.message().contains(says), "{e} should say {says}");
    }
}

#[test]
fn every_stop_reason_of_bedrock_is_known_and_a_new_one_is_kept_as_sent() {
    // The values of `StopReason` in botocore's bedrock-runtime model (2023-09-30).
    let bedrock = [
        "end_turn",
        "tool_use",
        "max_tokens",
        "stop_sequence",
        "guardrail_intervened",
        "content_filtered",
        "malformed_model_output",
        "malformed_tool_use",
        "model_context_window_exceeded",
    ];
    for word in bedrock {
        let reason = StopReason::from(word);
        assert!(!matches!(reason, StopReason::Other(_)), "{word} is known");
        assert_eq!(reason.as_str(), word);
        // Across IPC as Bedrock's own word, and read back from it.
        let json = serde_json::to_value(&reason).unwrap();
        assert_eq!(json, serde_json::json!(word));
        assert_eq!(serde_json::from_value::<StopReason>(json).unwrap(), reason);
    }
    assert_eq!(StopReason::from("max_tokens"), StopReason::MaxTokens);

    let newer = StopReason::from("a_reason_from_a_newer_bedrock");
    assert_eq!(
        newer,
        StopReason::Other("a_reason_from_a_newer_bedrock".into())
    );
    assert_eq!(newer.as_str(), "a_reason_from_a_newer_bedrock");
    let json = serde_json::to_value(&newer).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "other": "a_reason_from_a_newer_bedrock" })
    );
    assert_eq!(serde_json::from_value::<StopReason>(json).unwrap(), newer);
    // A plain word a newer Bedrock (or an older file) holds reads back too.
    assert_eq!(
        serde_json::from_value::<StopReason>(serde_json::json!("a_reason_from_a_newer_bedrock"))
            .unwrap(),
        newer
    );
}

//! Fault injection, in-process and over the admin API, as the SDK sees it.

use std::time::{Duration, Instant};

use aws_sdk_bedrock::operation::create_inference_profile::CreateInferenceProfileError;
use aws_sdk_bedrock::operation::list_inference_profiles::ListInferenceProfilesError;
use aws_sdk_bedrockruntime::error::SdkError;
use aws_sdk_bedrockruntime::operation::converse::ConverseError;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types::error::{ConverseStreamOutputError, ResponseStreamError};
use aws_sdk_bedrockruntime::types::{ConverseStreamOutput, ResponseStream};
use bedrock_emulator::{BreakMode, ErrorKind, Fault, Seed};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn errors_hit_the_next_n_calls_of_one_operation() {
    let emulator = start(Seed::Demo).await;
    let control = bedrock_no_retry(&emulator, TOKYO);
    emulator
        .add_fault(Fault::Error {
            operation: "ListInferenceProfiles".into(),
            error: ErrorKind::ThrottlingException,
            count: Some(2),
            message: None,
        })
        .unwrap();
    for _ in 0..2 {
        let err = control
            .list_inference_profiles()
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(
            matches!(err, ListInferenceProfilesError::ThrottlingException(_)),
            "{err:?}"
        );
        // Other operations are untouched.
        control.list_foundation_models().send().await.unwrap();
    }
    control.list_inference_profiles().send().await.unwrap();
    assert!(emulator.faults().is_empty(), "a used-up fault disappears");

    let client = runtime(&emulator, TOKYO);
    for (kind, check) in [
        (
            ErrorKind::ModelTimeoutException,
            (|e: &ConverseError| e.is_model_timeout_exception()) as fn(&ConverseError) -> bool,
        ),
        (ErrorKind::ServiceUnavailableException, |e| {
            e.is_service_unavailable_exception()
        }),
        (ErrorKind::InternalServerException, |e| {
            e.is_internal_server_exception()
        }),
        (ErrorKind::ModelNotReadyException, |e| {
            e.is_model_not_ready_exception()
        }),
        (ErrorKind::ModelErrorException, |e| {
            e.is_model_error_exception()
        }),
        (ErrorKind::AccessDeniedException, |e| {
            e.is_access_denied_exception()
        }),
        (ErrorKind::ResourceNotFoundException, |e| {
            e.is_resource_not_found_exception()
        }),
    ] {
        emulator
            .add_fault(Fault::Error {
                operation: "*".into(),
                error: kind,
                count: Some(1),
                message: Some(format!("injected {kind}")),
            })
            .unwrap();
        let err = client
            .converse()
            .model_id(HAIKU)
            .messages(user("hi"))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(check(&err), "{kind}: {err:?}");
        assert_eq!(
            aws_sdk_bedrockruntime::error::ProvideErrorMetadata::message(&err),
            Some(format!("injected {kind}").as_str())
        );
    }
    client
        .converse()
        .model_id(HAIKU)
        .messages(user("hi"))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn latency_is_added_to_the_named_operation() {
    let emulator = start(Seed::Empty).await;
    let control = bedrock(&emulator, TOKYO);
    emulator
        .add_fault(Fault::Latency {
            operation: "GetFoundationModel".into(),
            ms: 250,
        })
        .unwrap();
    let started = Instant::now();
    control
        .get_foundation_model()
        .model_identifier(HAIKU)
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(250));

    // Other operations are not delayed: with GetFoundationModel held for ten minutes, a
    // ListFoundationModels sent after it answers while it is still waiting.
    emulator
        .add_fault(Fault::Latency {
            operation: "GetFoundationModel".into(),
            ms: 600_000,
        })
        .unwrap();
    let held = tokio::spawn({
        let control = control.clone();
        async move {
            control
                .get_foundation_model()
                .model_identifier(HAIKU)
                .send()
                .await
        }
    });
    control.list_foundation_models().send().await.unwrap();
    assert!(!held.is_finished(), "the delayed call is still waiting");
    held.abort();
}

#[tokio::test]
async fn throttling_at_a_rate_is_deterministic() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    emulator
        .add_fault(Fault::Throttle {
            operation: "Converse".into(),
            rate: 0.5,
        })
        .unwrap();
    let mut pattern = Vec::new();
    for _ in 0..6 {
        let result = client
            .converse()
            .model_id(HAIKU)
            .messages(user("hi"))
            .send()
            .await;
        pattern.push(match result {
            Ok(_) => false,
            Err(e) => {
                assert!(e.into_service_error().is_throttling_exception());
                true
            }
        });
    }
    assert_eq!(pattern, [false, true, false, true, false, true]);
}

#[tokio::test]
async fn access_denied_for_named_actions() {
    let emulator = start(Seed::Empty).await;
    let control = bedrock_no_retry(&emulator, TOKYO);
    let client = runtime(&emulator, TOKYO);
    emulator
        .add_fault(Fault::Deny {
            actions: vec![
                "bedrock:CreateInferenceProfile".into(),
                "bedrock:InvokeModel".into(),
            ],
        })
        .unwrap();
    let err = control
        .create_inference_profile()
        .inference_profile_name("denied")
        .model_source(
            aws_sdk_bedrock::types::InferenceProfileModelSource::CopyFrom(fm_arn(TOKYO, HAIKU)),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateInferenceProfileError::AccessDeniedException(e) = err else {
        panic!("{err:?}")
    };
    assert!(
        e.message()
            .unwrap()
            .contains("is not authorized to perform: bedrock:CreateInferenceProfile"),
        "{e:?}"
    );
    control.list_inference_profiles().send().await.unwrap();
    // Converse needs bedrock:InvokeModel; ConverseStream needs InvokeModelWithResponseStream.
    let err = client
        .converse()
        .model_id(HAIKU)
        .messages(user("hi"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let ConverseError::AccessDeniedException(e) = err else {
        panic!("{err:?}")
    };
    assert!(
        e.message()
            .unwrap()
            .contains(&format!("on resource: {}", fm_arn(TOKYO, HAIKU))),
        "{e:?}"
    );
    client
        .converse_stream()
        .model_id(HAIKU)
        .messages(user("hi"))
        .send()
        .await
        .unwrap();
}

async fn deltas_then_error(
    client: &aws_sdk_bedrockruntime::Client,
) -> (
    usize,
    Result<(), SdkError<ConverseStreamOutputError, aws_smithy_types::event_stream::RawMessage>>,
) {
    let mut out = client
        .converse_stream()
        .model_id(HAIKU)
        .messages(user("a long enough prompt"))
        .send()
        .await
        .unwrap();
    let mut deltas = 0;
    loop {
        match out.stream.recv().await {
            Ok(Some(ConverseStreamOutput::ContentBlockDelta(_))) => deltas += 1,
            Ok(Some(_)) => {}
            Ok(None) => return (deltas, Ok(())),
            Err(e) => return (deltas, Err(e)),
        }
    }
}

#[tokio::test]
async fn streams_break_with_an_exception_event() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    emulator
        .add_fault(Fault::StreamBreak {
            operation: "ConverseStream".into(),
            after_chunks: 3,
            mode: BreakMode::Exception,
            exception: Some(ErrorKind::ModelStreamErrorException),
            count: Some(1),
        })
        .unwrap();
    let (deltas, result) = deltas_then_error(&client).await;
    assert_eq!(deltas, 3);
    let err = result.unwrap_err().into_service_error();
    assert!(
        matches!(err, ConverseStreamOutputError::ModelStreamErrorException(_)),
        "{err:?}"
    );
    // count 1: the next stream is whole.
    let (deltas, result) = deltas_then_error(&client).await;
    assert!(result.is_ok() && deltas > 3);
}

#[tokio::test]
async fn streams_break_by_dropping_the_connection() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    emulator
        .add_fault(Fault::parse_stream_break_flag("ConverseStream=2:drop").unwrap())
        .unwrap();
    let (deltas, result) = deltas_then_error(&client).await;
    assert_eq!(deltas, 2);
    let err = result.unwrap_err();
    assert!(
        !matches!(err, SdkError::ServiceError(_)),
        "a transport error, not an AWS one: {err:?}"
    );
}

#[tokio::test]
async fn invoke_streams_break_with_internal_server_exception_by_default() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    emulator
        .add_fault(Fault::parse_stream_break_flag("InvokeModelWithResponseStream=1").unwrap())
        .unwrap();
    let body = json!({ "anthropic_version": "bedrock-2023-05-31", "max_tokens": 100, "messages": [ { "role": "user", "content": "hi" } ] });
    let mut out = client
        .invoke_model_with_response_stream()
        .model_id(HAIKU)
        .body(Blob::new(body.to_string()))
        .send()
        .await
        .unwrap();
    let mut chunks = 0;
    let err = loop {
        match out.body.recv().await {
            Ok(Some(ResponseStream::Chunk(_))) => chunks += 1,
            Ok(other) => panic!("stream ended without the fault: {other:?}"),
            Err(e) => break e.into_service_error(),
        }
    };
    // message_start and content_block_start, then one delta.
    assert_eq!(chunks, 3);
    assert!(
        matches!(err, ResponseStreamError::InternalServerException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_admin_api_manages_faults() {
    let emulator = start(Seed::Empty).await;
    let control = bedrock_no_retry(&emulator, TOKYO);
    let (status, body) = admin(
        &emulator,
        "POST",
        "/_emulator/faults",
        r#"{"type":"error","operation":"ListFoundationModels","error":"ServiceQuotaExceededException","count":1}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["faults"][0]["error"], "ServiceQuotaExceededException");
    let err = control.list_foundation_models().send().await.unwrap_err();
    assert_eq!(
        aws_sdk_bedrock::error::ProvideErrorMetadata::code(&err),
        Some("ServiceQuotaExceededException")
    );
    control.list_foundation_models().send().await.unwrap();

    let (status, _) = admin(
        &emulator,
        "POST",
        "/_emulator/faults",
        r#"{"faults":[{"type":"latency","operation":"*","ms":1},{"type":"deny","actions":["bedrock:ListFoundationModels"]}]}"#,
    )
    .await;
    assert_eq!(status, 200);
    let (_, listed) = admin(&emulator, "GET", "/_emulator/faults", "").await;
    assert_eq!(listed["faults"].as_array().unwrap().len(), 2);
    let err = control
        .list_foundation_models()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_access_denied_exception());
    let (status, cleared) = admin(&emulator, "DELETE", "/_emulator/faults", "").await;
    assert_eq!((status, cleared), (200, json!({ "faults": [] })));
    control.list_foundation_models().send().await.unwrap();

    for bad in [
        r#"{"type":"error","operation":"NoSuchOperation","error":"ThrottlingException"}"#,
        r#"{"type":"throttle","operation":"Converse","rate":2}"#,
        r#"{"type":"streamBreak","operation":"Converse","afterChunks":1}"#,
        r#"{"type":"stall","operation":"ListFoundationModels","afterChunks":1}"#,
        r#"{"type":"noMessageStop","operation":"ConverseStream","count":0}"#,
        r#"{"type":"repeatNextToken","profileType":"CUSTOM"}"#,
        r#"{"type":"error","operation":"Converse","error":"NotAnError"}"#,
        "not json",
    ] {
        let (status, body) = admin(&emulator, "POST", "/_emulator/faults", bad).await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["message"].is_string());
    }
    assert!(emulator.faults().is_empty());
}

#[tokio::test]
async fn health_reset_and_pacing_endpoints() {
    let emulator = start(Seed::Demo).await;
    let control = bedrock(&emulator, TOKYO);
    let (status, health) = admin(&emulator, "GET", "/_emulator/health", "").await;
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["accountId"], "123456789012");
    create_profile(&control, TOKYO, "made-before-reset").await;
    emulator
        .add_fault(Fault::Latency {
            operation: "*".into(),
            ms: 1,
        })
        .unwrap();
    let (status, _) = admin(&emulator, "POST", "/_emulator/reset", "").await;
    assert_eq!(status, 200);
    assert!(emulator.faults().is_empty());
    assert!(emulator.requests().is_empty());
    let apps = control
        .list_inference_profiles()
        .type_equals(aws_sdk_bedrock::types::InferenceProfileType::Application)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap();
    assert_eq!(apps.len(), 5, "back to the demo seed");
    let (status, pacing) = admin(
        &emulator,
        "PUT",
        "/_emulator/pacing",
        r#"{"timeToFirstToken":7,"perChunk":3}"#,
    )
    .await;
    assert_eq!(
        (status, pacing),
        (200, json!({ "timeToFirstToken": 7, "perChunk": 3 }))
    );
    assert_eq!(emulator.pacing().per_chunk, Duration::from_millis(3));
    let (status, _) = admin(&emulator, "GET", "/_emulator/nothing-here", "").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_stall_sends_some_chunks_then_nothing_with_the_connection_open() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    emulator
        .add_fault(Fault::Stall {
            operation: "ConverseStream".into(),
            after_chunks: 2,
            count: Some(1),
        })
        .unwrap();
    let mut out = mars_stream(&client).await;
    let mut deltas = 0;
    loop {
        // Two deltas arrive; after them the stream neither ends nor fails: it is silent.
        match tokio::time::timeout(Duration::from_millis(500), out.stream.recv()).await {
            Ok(Ok(Some(ConverseStreamOutput::ContentBlockDelta(_)))) => deltas += 1,
            Ok(Ok(Some(ConverseStreamOutput::MessageStart(_)))) => {}
            Ok(other) => panic!("the stalled stream went on: {other:?}"),
            Err(_silent) => break,
        }
    }
    assert_eq!(deltas, 2);
    drop(out);
    // Counted: the next stream is whole.
    let (text, stop) = stream_text(&client).await;
    assert!(!text.is_empty());
    assert_eq!(stop.as_deref(), Some("end_turn"));
    assert!(emulator.faults().is_empty());
}

/// Starts the ConverseStream the stream tests read.
async fn mars_stream(
    client: &aws_sdk_bedrockruntime::Client,
) -> aws_sdk_bedrockruntime::operation::converse_stream::ConverseStreamOutput {
    client
        .converse_stream()
        .model_id(HAIKU)
        .messages(user(
            "Tell me about the weather on Mars in several sentences.",
        ))
        .send()
        .await
        .unwrap()
}

/// Reads a whole ConverseStream: its text and its stop reason, if one came.
async fn stream_text(client: &aws_sdk_bedrockruntime::Client) -> (String, Option<String>) {
    let mut out = mars_stream(client).await;
    let mut text = String::new();
    let mut stop = None;
    let mut metadata = false;
    while let Some(event) = out.stream.recv().await.unwrap() {
        match event {
            ConverseStreamOutput::ContentBlockDelta(d) => {
                if let Some(aws_sdk_bedrockruntime::types::ContentBlockDelta::Text(t)) = d.delta {
                    text.push_str(&t);
                }
            }
            ConverseStreamOutput::MessageStop(m) => stop = Some(m.stop_reason.as_str().to_owned()),
            ConverseStreamOutput::Metadata(_) => metadata = true,
            _ => {}
        }
    }
    assert_eq!(metadata, stop.is_some(), "metadata comes with messageStop");
    (text, stop)
}

#[tokio::test]
async fn no_message_stop_ends_the_stream_after_the_text_without_its_closing_events() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    let (whole, stop) = stream_text(&client).await;
    assert_eq!(stop.as_deref(), Some("end_turn"));
    emulator
        .add_fault(Fault::NoMessageStop {
            operation: "ConverseStream".into(),
            count: Some(1),
        })
        .unwrap();
    let (cut, stop) = stream_text(&client).await;
    assert_eq!(stop, None, "no messageStop, no metadata");
    assert_eq!(cut, whole, "all the text came before the end");
    let (_, stop) = stream_text(&client).await;
    assert_eq!(
        stop.as_deref(),
        Some("end_turn"),
        "the counted fault is used up"
    );
}

#[tokio::test]
async fn repeat_next_token_makes_a_listing_that_never_ends() {
    let emulator = start(Seed::Demo).await;
    let control = bedrock_no_retry(&emulator, TOKYO);
    emulator
        .add_fault(Fault::RepeatNextToken {
            profile_type: "APPLICATION".into(),
            count: None,
        })
        .unwrap();
    let page = |size: i32, token: Option<String>| {
        control
            .list_inference_profiles()
            .type_equals(aws_sdk_bedrock::types::InferenceProfileType::Application)
            .max_results(size)
            .set_next_token(token)
            .send()
    };
    let first = page(2, None).await.unwrap();
    let token = first.next_token().unwrap().to_owned();
    for _ in 0..3 {
        let again = page(2, Some(token.clone())).await.unwrap();
        assert_eq!(
            again.next_token(),
            Some(token.as_str()),
            "the same token forever"
        );
        assert_eq!(again.inference_profile_summaries().len(), 2);
    }
    // The other type is untouched: its listing ends.
    let system = control
        .list_inference_profiles()
        .type_equals(aws_sdk_bedrock::types::InferenceProfileType::SystemDefined)
        .send()
        .await
        .unwrap();
    assert_eq!(system.next_token(), None);

    // Over the admin API, counted: even a list that fits one page gets a token, once.
    let (status, _) = admin(&emulator, "DELETE", "/_emulator/faults", "").await;
    assert_eq!(status, 200);
    assert_eq!(
        page(10, None).await.unwrap().next_token(),
        None,
        "5 profiles fit one page"
    );
    let (status, body) = admin(
        &emulator,
        "POST",
        "/_emulator/faults",
        r#"{"type":"repeatNextToken","count":1}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["faults"][0]["profileType"], "*");
    assert!(page(10, None).await.unwrap().next_token().is_some());
    assert_eq!(page(10, None).await.unwrap().next_token(), None);
    assert!(emulator.faults().is_empty(), "count 1 used up");
}

#[test]
fn the_new_fault_flags_parse_like_the_others() {
    assert_eq!(
        Fault::parse_stall_flag("ConverseStream=2:1").unwrap(),
        Fault::Stall {
            operation: "ConverseStream".into(),
            after_chunks: 2,
            count: Some(1)
        }
    );
    assert_eq!(
        Fault::parse_no_message_stop_flag("*").unwrap(),
        Fault::NoMessageStop {
            operation: "*".into(),
            count: None
        }
    );
    assert_eq!(
        Fault::parse_repeat_next_token_flag("APPLICATION:3").unwrap(),
        Fault::RepeatNextToken {
            profile_type: "APPLICATION".into(),
            count: Some(3)
        }
    );
    assert!(Fault::parse_stall_flag("Converse=2").is_err());
    assert!(Fault::parse_stall_flag("ConverseStream=two").is_err());
    assert!(Fault::parse_no_message_stop_flag("ConverseStream:0").is_err());
    assert!(Fault::parse_repeat_next_token_flag("PROVISIONED").is_err());
}

#[tokio::test]
async fn the_admin_api_answers_only_its_own_loopback_host() {
    let emulator = start(Seed::Empty).await;
    let port = emulator.local_addr().port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = http(
            &emulator,
            "GET",
            "/_emulator/health",
            &[("host", host.as_str())],
            "",
        )
        .await;
        assert_eq!(status, 200, "{host}: {body}");
    }
    for host in [
        format!("attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("192.168.1.20:{port}"),
        "localhost".to_owned(),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        for (method, path) in [("GET", "/_emulator/requests"), ("POST", "/_emulator/reset")] {
            let (status, _, body) = http(
                &emulator,
                method,
                path,
                &[
                    ("host", host.as_str()),
                    ("content-type", "application/json"),
                ],
                "",
            )
            .await;
            assert_eq!(status, 403, "{method} {path} with Host {host:?}: {body}");
            assert!(body.contains("loopback"), "{body}");
        }
    }
}

#[tokio::test]
async fn admin_bodies_must_be_json() {
    let emulator = start(Seed::Demo).await;
    let fault = r#"{"type":"latency","operation":"*","ms":1}"#;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let headers: Vec<(&str, &str)> = content_type
            .map(|c| ("content-type", c))
            .into_iter()
            .collect();
        for (method, path, body) in [
            ("POST", "/_emulator/faults", fault),
            ("POST", "/_emulator/reset", ""),
            (
                "PUT",
                "/_emulator/pacing",
                r#"{"timeToFirstToken":1,"perChunk":1}"#,
            ),
        ] {
            let (status, _, answer) = http(&emulator, method, path, &headers, body).await;
            assert_eq!(status, 415, "{method} {path} as {content_type:?}: {answer}");
        }
    }
    assert!(emulator.faults().is_empty(), "nothing was applied");
    let (status, _, _) = http(
        &emulator,
        "POST",
        "/_emulator/faults",
        &[("content-type", "application/json; charset=utf-8")],
        fault,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(emulator.faults().len(), 1);
}

#[tokio::test]
async fn enormous_latencies_and_pacing_saturate_instead_of_overflowing() {
    let emulator = start(Seed::Empty).await;
    let control = bedrock_no_retry(&emulator, TOKYO);
    // Two faults of u64::MAX ms on one operation: their sum overflows a Duration.
    let (status, body) = admin(
        &emulator,
        "POST",
        "/_emulator/faults",
        &json!({ "faults": [
            { "type": "latency", "operation": "GetFoundationModel", "ms": u64::MAX },
            { "type": "latency", "operation": "*", "ms": u64::MAX },
        ] })
        .to_string(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let held = tokio::spawn({
        let control = control.clone();
        async move {
            control
                .get_foundation_model()
                .model_identifier(HAIKU)
                .send()
                .await
        }
    });
    // The emulator is still up and answering (a panic would have failed the call at once).
    let (status, _) = admin(&emulator, "GET", "/_emulator/health", "").await;
    assert_eq!(status, 200);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!held.is_finished(), "the call waits instead of failing");
    held.abort();
    emulator.clear_faults();

    // Pacing of u64::MAX ms: a non-streamed answer (N chunks × per-chunk delay) must not overflow.
    let (status, _) = admin(
        &emulator,
        "PUT",
        "/_emulator/pacing",
        &json!({ "timeToFirstToken": u64::MAX, "perChunk": u64::MAX }).to_string(),
    )
    .await;
    assert_eq!(status, 200);
    let client = runtime(&emulator, TOKYO);
    let held = tokio::spawn(async move {
        client
            .converse()
            .model_id(HAIKU)
            .messages(user("Tell me a long story about regions."))
            .send()
            .await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!held.is_finished(), "the answer waits instead of failing");
    held.abort();
    control.list_foundation_models().send().await.unwrap();
}

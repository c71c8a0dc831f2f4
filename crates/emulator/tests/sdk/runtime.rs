//! The runtime through aws-sdk-bedrockruntime: Converse, ConverseStream, InvokeModel(+stream).

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::operation::converse::ConverseError;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseOutput, ConverseStreamOutput,
    InferenceConfiguration, Message, ResponseStream, StopReason, SystemContentBlock,
};
use bedrock_emulator::{count_tokens, EmulatorConfig, Pacing, Seed};
use serde_json::{json, Value};

use crate::common::*;

fn assistant(text: &str) -> Message {
    Message::builder()
        .role(ConversationRole::Assistant)
        .content(ContentBlock::Text(text.to_owned()))
        .build()
        .unwrap()
}

struct Converse {
    text: String,
    stop: StopReason,
    input: i32,
    output: i32,
    total: i32,
}

async fn converse(
    client: &aws_sdk_bedrockruntime::Client,
    model: &str,
    prompt: &str,
    max: Option<i32>,
) -> Converse {
    let out = client
        .converse()
        .model_id(model)
        .messages(user(prompt))
        .set_inference_config(max.map(|m| InferenceConfiguration::builder().max_tokens(m).build()))
        .send()
        .await
        .unwrap();
    let Some(ConverseOutput::Message(message)) = out.output else {
        panic!("no message")
    };
    assert_eq!(message.role, ConversationRole::Assistant);
    let ContentBlock::Text(text) = &message.content[0] else {
        panic!("not text")
    };
    let usage = out.usage.unwrap();
    assert!(out.metrics.is_some());
    Converse {
        text: text.clone(),
        stop: out.stop_reason,
        input: usage.input_tokens,
        output: usage.output_tokens,
        total: usage.total_tokens,
    }
}

#[derive(Debug, PartialEq)]
enum Event {
    Start,
    Delta(String),
    BlockStop,
    Stop(StopReason),
    Metadata { input: i32, output: i32, total: i32 },
}

async fn converse_stream(
    client: &aws_sdk_bedrockruntime::Client,
    model: &str,
    prompt: &str,
    max: Option<i32>,
) -> Vec<Event> {
    let mut out = client
        .converse_stream()
        .model_id(model)
        .messages(user(prompt))
        .set_inference_config(max.map(|m| InferenceConfiguration::builder().max_tokens(m).build()))
        .send()
        .await
        .unwrap();
    let mut events = Vec::new();
    while let Some(event) = out.stream.recv().await.unwrap() {
        events.push(match event {
            ConverseStreamOutput::MessageStart(e) => {
                assert_eq!(e.role, ConversationRole::Assistant);
                Event::Start
            }
            ConverseStreamOutput::ContentBlockDelta(e) => {
                assert_eq!(e.content_block_index, 0);
                let Some(ContentBlockDelta::Text(text)) = e.delta else {
                    panic!("not text")
                };
                Event::Delta(text)
            }
            ConverseStreamOutput::ContentBlockStop(e) => {
                assert_eq!(e.content_block_index, 0);
                Event::BlockStop
            }
            ConverseStreamOutput::MessageStop(e) => Event::Stop(e.stop_reason),
            ConverseStreamOutput::Metadata(e) => {
                let u = e.usage.unwrap();
                assert!(e.metrics.is_some());
                Event::Metadata {
                    input: u.input_tokens,
                    output: u.output_tokens,
                    total: u.total_tokens,
                }
            }
            other => panic!("unexpected event {other:?}"),
        });
    }
    events
}

fn deltas(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| {
            if let Event::Delta(t) = e {
                Some(t.as_str())
            } else {
                None
            }
        })
        .collect()
}

#[tokio::test]
async fn converse_answers_deterministically_with_honest_usage() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    let prompt = "What is an application inference profile?";
    let a = converse(&client, HAIKU, prompt, None).await;
    let b = converse(&client, HAIKU, prompt, None).await;
    assert_eq!(a.text, b.text);
    assert!(a.text.contains("Claude 3 Haiku"), "{}", a.text);
    assert!(a.text.contains(prompt));
    assert_eq!(a.stop, StopReason::EndTurn);
    assert_eq!(a.input, count_tokens(prompt) as i32);
    assert_eq!(a.output, count_tokens(&a.text) as i32);
    assert_eq!(a.total, a.input + a.output);
    // Another model answers differently to the same prompt.
    let sonnet = converse(&client, SONNET_35, prompt, None).await;
    assert!(sonnet.text.contains("Claude 3.5 Sonnet"));
    assert_ne!(sonnet.text, a.text);
}

#[tokio::test]
async fn converse_counts_system_and_history_tokens() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    let out = client
        .converse()
        .model_id(HAIKU)
        .system(SystemContentBlock::Text("Be brief.".into()))
        .messages(user("Hi"))
        .messages(assistant("Hello! How can I help?"))
        .messages(user("Tell me a joke"))
        .send()
        .await
        .unwrap();
    let expected = [
        "Be brief.",
        "Hi",
        "Hello! How can I help?",
        "Tell me a joke",
    ]
    .iter()
    .map(|t| count_tokens(t))
    .sum::<u32>();
    assert_eq!(out.usage.unwrap().input_tokens, expected as i32);
    let Some(ConverseOutput::Message(message)) = out.output else {
        panic!()
    };
    let ContentBlock::Text(text) = &message.content[0] else {
        panic!()
    };
    assert!(
        text.contains("Tell me a joke"),
        "answers the last user message: {text}"
    );
}

#[tokio::test]
async fn max_tokens_cuts_the_answer() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    let full = converse(&client, HAIKU, "Explain cross-region inference", None).await;
    let cut = converse(&client, HAIKU, "Explain cross-region inference", Some(4)).await;
    assert_eq!(cut.stop, StopReason::MaxTokens);
    assert_eq!(cut.output, 4);
    assert!(full.text.starts_with(&cut.text));
    assert!(cut.text.len() < full.text.len());
    let events = converse_stream(&client, HAIKU, "Explain cross-region inference", Some(4)).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::Delta(_)))
            .count(),
        4
    );
    assert_eq!(deltas(&events), cut.text);
    assert!(events.contains(&Event::Stop(StopReason::MaxTokens)));
}

#[tokio::test]
async fn converse_stream_sends_events_in_order_with_usage() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    let prompt = "Stream me something";
    let events = converse_stream(&client, HAIKU, prompt, None).await;
    let n = events.len();
    assert!(n > 8);
    assert_eq!(events[0], Event::Start);
    assert!(events[1..n - 3]
        .iter()
        .all(|e| matches!(e, Event::Delta(_))));
    assert_eq!(events[n - 3], Event::BlockStop);
    assert_eq!(events[n - 2], Event::Stop(StopReason::EndTurn));
    let whole = converse(&client, HAIKU, prompt, None).await;
    assert_eq!(
        deltas(&events),
        whole.text,
        "the stream says what Converse says"
    );
    assert_eq!(
        events[n - 1],
        Event::Metadata {
            input: whole.input,
            output: whole.output,
            total: whole.input + whole.output
        }
    );
    assert_eq!(whole.output as usize, n - 4, "one delta per output token");
}

#[tokio::test]
async fn model_ids_profiles_and_application_profile_arns_all_work_and_are_recorded() {
    let emulator = start(Seed::Demo).await;
    let client = runtime(&emulator, TOKYO);
    let control = bedrock(&emulator, TOKYO);
    let apps = control
        .list_inference_profiles()
        .type_equals(aws_sdk_bedrock::types::InferenceProfileType::Application)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap();
    let prod = apps
        .iter()
        .find(|p| p.inference_profile_name == "prod-claude-sonnet")
        .unwrap();
    let system_id = format!("apac.{HAIKU}");
    let system_arn = format!("arn:aws:bedrock:{TOKYO}:123456789012:inference-profile/{system_id}");
    emulator.clear_requests();
    for model in [
        HAIKU.to_owned(),
        fm_arn(TOKYO, HAIKU),
        system_id.clone(),
        system_arn.clone(),
        prod.inference_profile_arn.clone(),
    ] {
        converse(&client, &model, "hello", None).await;
    }
    converse_stream(&client, &prod.inference_profile_arn, "hello", None).await;
    let recorded = emulator.requests();
    assert_eq!(recorded.len(), 6);
    assert_eq!(recorded[4].operation, "Converse");
    assert_eq!(
        recorded[4].model_id.as_deref(),
        Some(prod.inference_profile_arn.as_str())
    );
    assert_eq!(recorded[4].resolved_model_id.as_deref(), Some(SONNET_45));
    assert_eq!(
        recorded[4].inference_profile_arn.as_deref(),
        Some(prod.inference_profile_arn.as_str())
    );
    assert_eq!(recorded[5].operation, "ConverseStream");
    assert_eq!(
        recorded[5].model_id.as_deref(),
        Some(prod.inference_profile_arn.as_str())
    );
    assert_eq!(
        recorded[2].inference_profile_arn.as_deref(),
        Some(system_arn.as_str())
    );
    assert_eq!(recorded[0].inference_profile_arn, None);
    assert!(recorded
        .iter()
        .all(|r| r.status == 200 && r.region == TOKYO));

    // The same record over the admin API, filtered by operation.
    let (status, body) = admin(
        &emulator,
        "GET",
        "/_emulator/requests?operation=ConverseStream",
        "",
    )
    .await;
    assert_eq!(status, 200);
    let requests = body["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["modelId"], json!(prod.inference_profile_arn));
    assert_eq!(requests[0]["resolvedModelId"], json!(SONNET_45));
}

#[tokio::test]
async fn unknown_deleted_and_profile_only_models_are_refused() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    let control = bedrock(&emulator, TOKYO);
    let send = |model: String| {
        client
            .converse()
            .model_id(model)
            .messages(user("hi"))
            .send()
    };

    let err = send("anthropic.claude-nonexistent-v1:0".into())
        .await
        .unwrap_err()
        .into_service_error();
    let ConverseError::ValidationException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.message(),
        Some("The provided model identifier is invalid.")
    );

    let arn = create_profile(&control, TOKYO, "short-lived").await;
    converse(&client, &arn, "hi", None).await;
    control
        .delete_inference_profile()
        .inference_profile_identifier(&arn)
        .send()
        .await
        .unwrap();
    let err = send(arn.clone()).await.unwrap_err().into_service_error();
    assert!(
        matches!(err, ConverseError::ValidationException(_)),
        "{err:?}"
    );

    // Claude 3.7 Sonnet is profile-only in Tokyo: on-demand refused, the apac profile works.
    let sonnet37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    let err = send(sonnet37.into())
        .await
        .unwrap_err()
        .into_service_error();
    let ConverseError::ValidationException(e) = err else {
        panic!("{err:?}")
    };
    assert!(
        e.message().unwrap().contains("on-demand throughput"),
        "{e:?}"
    );
    converse(&client, &format!("apac.{sonnet37}"), "hi", None).await;
    // A profile of another geography is not offered here.
    let err = send(format!("us.{HAIKU}"))
        .await
        .unwrap_err()
        .into_service_error();
    assert!(matches!(err, ConverseError::ValidationException(_)));
    // Embedding models do not converse.
    let err = send("amazon.titan-embed-text-v2:0".into())
        .await
        .unwrap_err()
        .into_service_error();
    assert!(matches!(err, ConverseError::ValidationException(_)));
    // A conversation must start with the user.
    let err = client
        .converse()
        .model_id(HAIKU)
        .messages(assistant("hi"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(matches!(err, ConverseError::ValidationException(_)));
}

#[tokio::test]
async fn invoke_model_speaks_the_anthropic_messages_api() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, TOKYO);
    let body = json!({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 200,
        "system": "You are terse.",
        "messages": [ { "role": "user", "content": [ { "type": "text", "text": "Hello Claude" } ] } ],
    });
    let out = client
        .invoke_model()
        .model_id(format!("apac.{HAIKU}"))
        .content_type("application/json")
        .body(Blob::new(body.to_string()))
        .send()
        .await
        .unwrap();
    let reply: Value = serde_json::from_slice(out.body.as_ref()).unwrap();
    assert_eq!(reply["type"], "message");
    assert_eq!(reply["role"], "assistant");
    assert_eq!(reply["stop_reason"], "end_turn");
    let text = reply["content"][0]["text"].as_str().unwrap();
    assert!(text.contains("Hello Claude"));
    assert_eq!(
        reply["usage"]["input_tokens"],
        json!(count_tokens("You are terse.") + count_tokens("Hello Claude"))
    );
    assert_eq!(reply["usage"]["output_tokens"], json!(count_tokens(text)));

    let missing = json!({ "anthropic_version": "bedrock-2023-05-31", "messages": [] });
    let err = client
        .invoke_model()
        .model_id(HAIKU)
        .body(Blob::new(missing.to_string()))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_validation_exception());

    let mut stream = client
        .invoke_model_with_response_stream()
        .model_id(HAIKU)
        .body(Blob::new(body.to_string()))
        .send()
        .await
        .unwrap();
    let mut types = Vec::new();
    let mut streamed = String::new();
    while let Some(event) = stream.body.recv().await.unwrap() {
        let ResponseStream::Chunk(part) = event else {
            panic!("not a chunk")
        };
        let inner: Value = serde_json::from_slice(part.bytes.unwrap().as_ref()).unwrap();
        if inner["type"] == "content_block_delta" {
            streamed.push_str(inner["delta"]["text"].as_str().unwrap());
        }
        types.push(inner["type"].as_str().unwrap().to_owned());
    }
    assert_eq!(types.first().map(String::as_str), Some("message_start"));
    assert_eq!(types[1], "content_block_start");
    assert_eq!(
        &types[types.len() - 3..],
        ["content_block_stop", "message_delta", "message_stop"]
    );
    assert_eq!(streamed, text);
}

#[tokio::test]
async fn invoke_model_serves_other_families() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, VIRGINIA);
    let invoke = |model: &'static str, body: Value| {
        let client = client.clone();
        async move {
            let out = client
                .invoke_model()
                .model_id(model)
                .body(Blob::new(body.to_string()))
                .send()
                .await
                .unwrap();
            serde_json::from_slice::<Value>(out.body.as_ref()).unwrap()
        }
    };
    let nova = invoke(
        "amazon.nova-micro-v1:0",
        json!({ "messages": [ { "role": "user", "content": [ { "text": "hi" } ] } ] }),
    )
    .await;
    assert_eq!(nova["stopReason"], "end_turn");
    assert!(nova["output"]["message"]["content"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Nova Micro"));
    let titan = invoke(
        "amazon.titan-text-express-v1",
        json!({ "inputText": "hi", "textGenerationConfig": { "maxTokenCount": 3 } }),
    )
    .await;
    assert_eq!(titan["results"][0]["completionReason"], "LENGTH");
    assert_eq!(titan["results"][0]["tokenCount"], 3);
    let llama = invoke(
        "meta.llama3-8b-instruct-v1:0",
        json!({ "prompt": "hi", "max_gen_len": 50 }),
    )
    .await;
    assert!(llama["generation"].is_string());
    let embedding = invoke(
        "amazon.titan-embed-text-v2:0",
        json!({ "inputText": "embed me", "dimensions": 256 }),
    )
    .await;
    assert_eq!(embedding["embedding"].as_array().unwrap().len(), 256);
    let again = invoke(
        "amazon.titan-embed-text-v2:0",
        json!({ "inputText": "embed me", "dimensions": 256 }),
    )
    .await;
    assert_eq!(embedding, again);
}

#[tokio::test]
async fn pacing_delays_the_first_token_and_each_chunk() {
    let pacing = Pacing {
        time_to_first_token: Duration::from_millis(150),
        per_chunk: Duration::from_millis(5),
    };
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_pacing(pacing)).await;
    let client = runtime(&emulator, TOKYO);
    let started = Instant::now();
    let mut out = client
        .converse_stream()
        .model_id(HAIKU)
        .messages(user("pace"))
        .send()
        .await
        .unwrap();
    let mut first_delta = None;
    let mut deltas = 0u32;
    while let Some(event) = out.stream.recv().await.unwrap() {
        if matches!(event, ConverseStreamOutput::ContentBlockDelta(_)) {
            first_delta.get_or_insert_with(|| started.elapsed());
            deltas += 1;
        }
    }
    let total = started.elapsed();
    assert!(
        first_delta.unwrap() >= Duration::from_millis(150),
        "{first_delta:?}"
    );
    assert!(
        total >= Duration::from_millis(150) + pacing.per_chunk * (deltas - 1),
        "{total:?} for {deltas} chunks"
    );
    // A pacing change applies to the answers that start after it: with a ten-minute first
    // token, a stream started before the change to zero still waits for its text after an
    // answer started after the change has arrived whole.
    emulator.set_pacing(Pacing {
        time_to_first_token: Duration::from_secs(600),
        per_chunk: Duration::ZERO,
    });
    let mut slow = client
        .converse_stream()
        .model_id(HAIKU)
        .messages(user("slow"))
        .send()
        .await
        .unwrap();
    assert!(matches!(
        slow.stream.recv().await.unwrap(),
        Some(ConverseStreamOutput::MessageStart(_))
    ));
    emulator.set_pacing(Pacing::ZERO);
    let fast = converse(&client, HAIKU, "fast", None).await;
    assert_eq!(fast.stop, StopReason::EndTurn);
    assert!(!fast.text.is_empty());
    let still_waiting = tokio::time::timeout(Duration::from_millis(100), slow.stream.recv()).await;
    assert!(
        still_waiting.is_err(),
        "the stream paced before the change still waits"
    );
}

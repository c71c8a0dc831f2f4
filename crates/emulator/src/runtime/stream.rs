//! The event-stream frames of streamed answers: ConverseStream's events and
//! InvokeModelWithResponseStream's `chunk` events in each model family's shape.

use bytes::{Bytes, BytesMut};
use serde_json::{json, Value};

use super::bodies::{anthropic_model_name, invocation_metrics, message_id, stop_word};
use super::json_bytes;
use crate::catalog::{Family, ModelSpec};
use crate::eventstream::{self, StreamPlan};
use crate::responder::{token_spans, Answer};

/// Reasoning the answer carries, with its signature.
pub(super) struct Reasoning {
    pub(super) text: String,
    pub(super) signature: String,
}

/// A `contentBlockDelta` frame at `index` with `delta`.
fn delta_frame(index: usize, delta: &Value) -> Bytes {
    let mut frame = BytesMut::new();
    eventstream::event(
        &mut frame,
        "contentBlockDelta",
        json_bytes(&json!({ "contentBlockIndex": index, "delta": delta })),
    );
    frame.freeze()
}

/// The ConverseStream frames: `messageStart`; with reasoning, a `reasoningContent` delta per
/// reasoning token at block 0, its signature and `contentBlockStop` 0; a `contentBlockDelta`
/// per answer chunk (block 0, or 1 after reasoning), then `contentBlockStop`, `messageStop`
/// and `metadata` (usage, metrics and the service tier that served the call).
pub(super) fn converse_stream_plan(
    answer: Answer,
    reasoning: Option<Reasoning>,
    usage: Value,
    tier: String,
) -> StreamPlan {
    let mut head = BytesMut::new();
    eventstream::event(
        &mut head,
        "messageStart",
        br#"{"role":"assistant"}"#.to_vec(),
    );
    let mut chunks = Vec::new();
    let text_index = usize::from(reasoning.is_some());
    if let Some(reasoning) = &reasoning {
        for span in token_spans(&reasoning.text) {
            let text = &reasoning.text[span];
            chunks.push(delta_frame(
                0,
                &json!({ "reasoningContent": { "text": text } }),
            ));
        }
        let mut last = BytesMut::from(
            &delta_frame(
                0,
                &json!({ "reasoningContent": { "signature": reasoning.signature } }),
            )[..],
        );
        eventstream::event(
            &mut last,
            "contentBlockStop",
            br#"{"contentBlockIndex":0}"#.to_vec(),
        );
        chunks.push(last.freeze());
    }
    chunks.extend(answer.chunks().map(|text| {
        let mut frame = BytesMut::with_capacity(text.len() + 160);
        let payload = format!(
            r#"{{"contentBlockIndex":{text_index},"delta":{{"text":{}}}}}"#,
            serde_json::to_string(text).unwrap_or_default()
        );
        eventstream::event(&mut frame, "contentBlockDelta", payload.into_bytes());
        frame.freeze()
    }));
    let stop = answer.stop_reason.converse();
    let tail = Box::new(move |latency_ms: u64| {
        let mut out = BytesMut::new();
        eventstream::event(
            &mut out,
            "contentBlockStop",
            json_bytes(&json!({ "contentBlockIndex": text_index })),
        );
        eventstream::event(
            &mut out,
            "messageStop",
            json_bytes(&json!({ "stopReason": stop })),
        );
        eventstream::event(
            &mut out,
            "metadata",
            json_bytes(
                &json!({ "usage": usage, "metrics": { "latencyMs": latency_ms },
                                "serviceTier": { "type": tier } }),
            ),
        );
        out
    });
    StreamPlan { head, chunks, tail }
}

/// Appends a `chunk` event whose `bytes` carry `inner`, base64-encoded.
fn chunk_event(out: &mut BytesMut, inner: &Value) {
    let encoded = aws_smithy_types::base64::encode(json_bytes(inner));
    eventstream::event(out, "chunk", json_bytes(&json!({ "bytes": encoded })));
}

/// One `chunk` event on its own.
fn chunk_frame(inner: &Value) -> Bytes {
    let mut out = BytesMut::new();
    chunk_event(&mut out, inner);
    out.freeze()
}

/// The InvokeModelWithResponseStream frames of `family`.
pub(super) fn invoke_stream_plan(spec: &'static ModelSpec, answer: Answer) -> StreamPlan {
    let family = spec.family;
    let mut head = BytesMut::new();
    match family {
        Family::Anthropic => {
            chunk_event(
                &mut head,
                &json!({ "type": "message_start", "message": {
                    "id": message_id(&answer), "type": "message", "role": "assistant", "model": anthropic_model_name(spec),
                    "content": [], "stop_reason": null, "stop_sequence": null,
                    "usage": { "input_tokens": answer.input_tokens, "output_tokens": 1 } } }),
            );
            chunk_event(
                &mut head,
                &json!({ "type": "content_block_start", "index": 0, "content_block": { "type": "text", "text": "" } }),
            );
        }
        Family::Nova => chunk_event(
            &mut head,
            &json!({ "messageStart": { "role": "assistant" } }),
        ),
        _ => {}
    }
    let input_tokens = answer.input_tokens;
    let chunks = answer
        .chunks()
        .enumerate()
        .map(|(i, text)| {
            chunk_frame(&match family {
                Family::Anthropic => json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": text } }),
                Family::Nova => json!({ "contentBlockDelta": { "delta": { "text": text }, "contentBlockIndex": 0 } }),
                Family::Titan => json!({ "outputText": text, "index": 0, "totalOutputTextTokenCount": null, "completionReason": null,
                                          "inputTextTokenCount": if i == 0 { Some(input_tokens) } else { None } }),
                Family::Llama => json!({ "generation": text, "prompt_token_count": if i == 0 { Some(input_tokens) } else { None },
                                          "generation_token_count": i + 1, "stop_reason": null }),
                Family::Mistral => json!({ "outputs": [ { "text": text, "stop_reason": null } ] }),
                _ => json!({ "is_finished": false, "event_type": "text-generation", "text": text }),
            })
        })
        .collect();
    let tail = Box::new(move |latency_ms: u64| {
        let mut out = BytesMut::new();
        let stop = stop_word(family, answer.stop_reason);
        let metrics = invocation_metrics(&answer, latency_ms);
        let events = match family {
            Family::Anthropic => vec![
                json!({ "type": "content_block_stop", "index": 0 }),
                json!({ "type": "message_delta", "delta": { "stop_reason": stop, "stop_sequence": null },
                        "usage": { "output_tokens": answer.output_tokens } }),
                json!({ "type": "message_stop", "amazon-bedrock-invocationMetrics": metrics }),
            ],
            Family::Nova => vec![
                json!({ "contentBlockStop": { "contentBlockIndex": 0 } }),
                json!({ "messageStop": { "stopReason": stop } }),
                json!({ "metadata": { "usage": { "inputTokens": answer.input_tokens, "outputTokens": answer.output_tokens } },
                        "amazon-bedrock-invocationMetrics": metrics }),
            ],
            Family::Titan => vec![
                json!({ "outputText": "", "index": 0, "totalOutputTextTokenCount": answer.output_tokens,
                                          "completionReason": stop, "amazon-bedrock-invocationMetrics": metrics }),
            ],
            Family::Llama => vec![json!({ "generation": "", "prompt_token_count": null,
                                          "generation_token_count": answer.output_tokens, "stop_reason": stop,
                                          "amazon-bedrock-invocationMetrics": metrics })],
            Family::Mistral => vec![json!({ "outputs": [ { "text": "", "stop_reason": stop } ],
                                            "amazon-bedrock-invocationMetrics": metrics })],
            _ => vec![
                json!({ "is_finished": true, "event_type": "stream-end", "finish_reason": stop,
                              "response": { "text": answer.text }, "amazon-bedrock-invocationMetrics": metrics }),
            ],
        };
        for event in &events {
            chunk_event(&mut out, event);
        }
        out
    });
    StreamPlan { head, chunks, tail }
}

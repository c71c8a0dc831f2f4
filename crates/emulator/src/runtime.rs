//! bedrock-runtime: Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream.

use std::time::Instant;

use axum::http::HeaderValue;
use axum::response::Response;
use bytes::{Bytes, BytesMut};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::catalog::{Family, ModelSpec};
use crate::error::AwsError;
use crate::eventstream::{self, StreamPlan};
use crate::responder::{self, count_tokens, Answer, Prompt, StopReason};
use crate::server::Shared;
use crate::validate::Violations;
use crate::wire::{fnv1a, json_response, parse_body, Arn};

/// What a runtime call's `modelId` resolved to; attached to the response for the request log.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub spec: &'static ModelSpec,
    pub profile_arn: Option<String>,
}

fn invalid_model() -> AwsError {
    AwsError::validation("The provided model identifier is invalid.")
}

/// Resolves a model id, system profile id or ARN, or application profile ARN in `region`.
pub(crate) fn resolve(shared: &Shared, region: &str, model_id: &str) -> Result<Resolved, AwsError> {
    let catalog = shared.catalog.region(region);
    if model_id.starts_with("arn:") {
        let arn = Arn::parse(model_id).ok_or_else(invalid_model)?;
        if arn.region != region {
            return Err(invalid_model());
        }
        return match arn.resource_type {
            "foundation-model" if arn.account.is_empty() => {
                on_demand(catalog.model(arn.resource_id).ok_or_else(invalid_model)?)
            }
            "inference-profile" if arn.account == shared.account => {
                let profile = catalog.profile(arn.resource_id).ok_or_else(invalid_model)?;
                Ok(Resolved {
                    spec: profile.spec,
                    profile_arn: Some(profile.arn.clone()),
                })
            }
            "application-inference-profile" => {
                let profile = shared
                    .store
                    .get(region, model_id)
                    .ok_or_else(invalid_model)?;
                let spec = profile
                    .models
                    .first()
                    .and_then(|m| Arn::parse(m))
                    .and_then(|m| crate::catalog::spec(m.resource_id))
                    .ok_or_else(invalid_model)?;
                Ok(Resolved {
                    spec,
                    profile_arn: Some(profile.arn.clone()),
                })
            }
            _ => Err(invalid_model()),
        };
    }
    if let Some(profile) = catalog.profile(model_id) {
        return Ok(Resolved {
            spec: profile.spec,
            profile_arn: Some(profile.arn.clone()),
        });
    }
    on_demand(catalog.model(model_id).ok_or_else(invalid_model)?)
}

fn on_demand(model: &crate::catalog::RegionModel) -> Result<Resolved, AwsError> {
    if !model.avail.on_demand() {
        return Err(AwsError::validation(format!(
            "Invocation of model ID {} with on-demand throughput isn\u{2019}t supported. Retry your request with the ID or ARN \
             of an inference profile that contains this model.",
            model.spec.id
        )));
    }
    Ok(Resolved {
        spec: model.spec,
        profile_arn: None,
    })
}

fn require_text_model(spec: &ModelSpec, streaming: bool) -> Result<(), AwsError> {
    if !spec.output.contains(&"TEXT") {
        return Err(AwsError::validation(
            "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
        ));
    }
    if streaming && !spec.streaming {
        return Err(AwsError::validation(
            "The model is unsupported for streaming.",
        ));
    }
    Ok(())
}

// --- Converse ---

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConverseRequest {
    #[serde(default)]
    messages: Option<Vec<ConverseMessage>>,
    #[serde(default)]
    system: Vec<Value>,
    #[serde(default)]
    inference_config: Option<InferenceConfig>,
}

#[derive(Deserialize)]
struct ConverseMessage {
    role: String,
    #[serde(default)]
    content: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InferenceConfig {
    max_tokens: Option<i64>,
    temperature: Option<f64>,
    top_p: Option<f64>,
}

fn block_text(block: &Value) -> Option<&str> {
    block.get("text").and_then(Value::as_str)
}

fn converse_prompt(request: &ConverseRequest) -> Result<(Prompt, Option<u32>), AwsError> {
    let mut violations = Violations::new();
    let mut max_tokens = None;
    if let Some(config) = &request.inference_config {
        if let Some(m) = config.max_tokens {
            violations.range(m, "inferenceConfig.maxTokens", 1, i64::from(i32::MAX));
            max_tokens = u32::try_from(m).ok();
        }
        if let Some(t) = config.temperature {
            if !(0.0..=1.0).contains(&t) {
                violations.range(
                    if t < 0.0 { -1 } else { 2 },
                    "inferenceConfig.temperature",
                    0,
                    1,
                );
            }
        }
        if let Some(p) = config.top_p {
            if !(0.0..=1.0).contains(&p) {
                violations.range(if p < 0.0 { -1 } else { 2 }, "inferenceConfig.topP", 0, 1);
            }
        }
    }
    let Some(messages) = &request.messages else {
        violations.missing("messages");
        violations.finish()?;
        return Err(AwsError::validation("messages is required."));
    };
    for (i, message) in messages.iter().enumerate() {
        violations.one_of(
            &message.role,
            &format!("messages.{}.member.role", i + 1),
            &["user", "assistant"],
        );
    }
    violations.finish()?;
    if messages.first().is_none_or(|m| m.role != "user") {
        return Err(AwsError::validation(
            "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
        ));
    }
    if messages.windows(2).any(|w| w[0].role == w[1].role) {
        return Err(AwsError::validation(
            "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between \
             user and assistant roles and try again.",
        ));
    }
    if let Some(i) = messages.iter().position(|m| m.content.is_empty()) {
        return Err(AwsError::validation(format!(
            "The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content \
             field and try again."
        )));
    }
    let mut prompt = Prompt::default();
    prompt.texts.extend(
        request
            .system
            .iter()
            .filter_map(block_text)
            .map(str::to_owned),
    );
    for message in messages {
        let text: Vec<&str> = message.content.iter().filter_map(block_text).collect();
        prompt.texts.extend(text.iter().map(|t| (*t).to_owned()));
        if message.role == "user" {
            prompt.last_user = text.join("\n");
        }
    }
    Ok((prompt, max_tokens))
}

/// Waits as long as a model with this pacing would take to produce `chunks` chunks.
async fn pace_whole_answer(shared: &Shared, chunks: usize) {
    let pacing = shared.pacing();
    // Saturating: a pacing of u64::MAX ms must not overflow (it waits the longest delay instead).
    let total = pacing.time_to_first_token.saturating_add(
        pacing
            .per_chunk
            .saturating_mul(u32::try_from(chunks.saturating_sub(1)).unwrap_or(u32::MAX)),
    );
    if !total.is_zero() {
        tokio::time::sleep(crate::faults::clamp_delay(total)).await;
    }
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn usage_json(answer: &Answer) -> Value {
    json!({
        "inputTokens": answer.input_tokens,
        "outputTokens": answer.output_tokens,
        "totalTokens": answer.input_tokens.saturating_add(answer.output_tokens),
    })
}

/// POST /model/{modelId}/converse and /converse-stream.
pub(crate) async fn converse(
    shared: &Shared,
    region: &str,
    model_id: &str,
    body: &[u8],
    streaming: bool,
    started: Instant,
) -> Result<Response, AwsError> {
    let request: ConverseRequest = parse_body(body)?;
    let resolved = resolve(shared, region, model_id)?;
    require_text_model(resolved.spec, streaming)?;
    let (prompt, max_tokens) = converse_prompt(&request)?;
    let answer = responder::answer(resolved.spec.id, resolved.spec.name, &prompt, max_tokens);
    let mut response = if streaming {
        let broken = shared.faults.stream_break("ConverseStream");
        eventstream::response(
            converse_stream_plan(answer),
            shared.pacing(),
            broken,
            started,
        )
    } else {
        pace_whole_answer(shared, answer.spans.len()).await;
        let body = json!({
            "output": { "message": { "role": "assistant", "content": [ { "text": answer.text } ] } },
            "stopReason": answer.stop_reason.converse(),
            "usage": usage_json(&answer),
            "metrics": { "latencyMs": elapsed_ms(started) },
        });
        json_response(200, body.to_string())
    };
    response.extensions_mut().insert(resolved);
    Ok(response)
}

fn json_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn converse_stream_plan(answer: Answer) -> StreamPlan {
    let mut head = BytesMut::new();
    eventstream::event(
        &mut head,
        "messageStart",
        br#"{"role":"assistant"}"#.to_vec(),
    );
    let chunks = answer
        .chunks()
        .map(|text| {
            let mut frame = BytesMut::with_capacity(text.len() + 160);
            let payload = format!(
                r#"{{"contentBlockIndex":0,"delta":{{"text":{}}}}}"#,
                serde_json::to_string(text).unwrap_or_default()
            );
            eventstream::event(&mut frame, "contentBlockDelta", payload.into_bytes());
            frame.freeze()
        })
        .collect();
    let stop = answer.stop_reason.converse();
    let usage = usage_json(&answer);
    let tail = Box::new(move |latency_ms: u64| {
        let mut out = BytesMut::new();
        eventstream::event(
            &mut out,
            "contentBlockStop",
            br#"{"contentBlockIndex":0}"#.to_vec(),
        );
        eventstream::event(
            &mut out,
            "messageStop",
            json_bytes(&json!({ "stopReason": stop })),
        );
        eventstream::event(
            &mut out,
            "metadata",
            json_bytes(&json!({ "usage": usage, "metrics": { "latencyMs": latency_ms } })),
        );
        out
    });
    StreamPlan { head, chunks, tail }
}

// --- InvokeModel ---

fn malformed(detail: &str) -> AwsError {
    AwsError::validation(format!(
        "Malformed input request: {detail}, please reformat your input and try again."
    ))
}

fn required<'a>(body: &'a Value, key: &str) -> Result<&'a Value, AwsError> {
    body.get(key)
        .ok_or_else(|| malformed(&format!("#: required key [{key}] not found")))
}

fn max_from(body: &Value, path: &[&str]) -> Option<u32> {
    let mut value = body;
    for key in path {
        value = value.get(key)?;
    }
    value.as_u64().and_then(|v| u32::try_from(v).ok())
}

/// Text of an Anthropic `content`: a string or `[{"type":"text","text":…}]`.
fn anthropic_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(blocks) => blocks
            .iter()
            .filter_map(block_text)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

fn chat_prompt(messages: &[Value], system: Vec<String>, text_of: fn(&Value) -> String) -> Prompt {
    let mut prompt = Prompt {
        texts: system,
        last_user: String::new(),
    };
    for message in messages {
        let text = message.get("content").map(text_of).unwrap_or_default();
        if message.get("role").and_then(Value::as_str) == Some("user") {
            prompt.last_user = text.clone();
        }
        prompt.texts.push(text);
    }
    prompt
}

fn single_prompt(text: &str) -> Prompt {
    Prompt {
        texts: vec![text.to_owned()],
        last_user: text.to_owned(),
    }
}

/// The prompt and token limit of an InvokeModel body of `family`.
fn invoke_prompt(family: Family, body: &Value) -> Result<(Prompt, Option<u32>), AwsError> {
    match family {
        Family::Anthropic => {
            required(body, "anthropic_version")?;
            let max = required(body, "max_tokens")?
                .as_u64()
                .and_then(|m| u32::try_from(m).ok());
            let messages = required(body, "messages")?
                .as_array()
                .ok_or_else(|| malformed("#/messages: expected type: JSONArray"))?;
            let system = body
                .get("system")
                .map(anthropic_text)
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            Ok((chat_prompt(messages, system, anthropic_text), max))
        }
        Family::Nova => {
            let messages = required(body, "messages")?
                .as_array()
                .ok_or_else(|| malformed("#/messages: expected type: JSONArray"))?;
            let system = body
                .get("system")
                .and_then(Value::as_array)
                .map(|blocks| {
                    blocks
                        .iter()
                        .filter_map(block_text)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let text_of = |content: &Value| match content {
                Value::Array(blocks) => blocks
                    .iter()
                    .filter_map(block_text)
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => String::new(),
            };
            let max = max_from(body, &["inferenceConfig", "max_new_tokens"])
                .or_else(|| max_from(body, &["inferenceConfig", "maxTokens"]));
            Ok((chat_prompt(messages, system, text_of), max))
        }
        Family::Titan | Family::TitanEmbed => {
            let text = required(body, "inputText")?.as_str().unwrap_or_default();
            Ok((
                single_prompt(text),
                max_from(body, &["textGenerationConfig", "maxTokenCount"]),
            ))
        }
        Family::Llama => {
            let text = required(body, "prompt")?.as_str().unwrap_or_default();
            Ok((single_prompt(text), max_from(body, &["max_gen_len"])))
        }
        Family::Mistral => {
            let text = required(body, "prompt")?.as_str().unwrap_or_default();
            Ok((single_prompt(text), max_from(body, &["max_tokens"])))
        }
        Family::Cohere => {
            let text = required(body, "message")?.as_str().unwrap_or_default();
            let mut prompt = single_prompt(text);
            if let Some(preamble) = body.get("preamble").and_then(Value::as_str) {
                prompt.texts.push(preamble.to_owned());
            }
            Ok((prompt, max_from(body, &["max_tokens"])))
        }
        Family::CohereEmbed => {
            let texts: Vec<String> = required(body, "texts")?
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            Ok((
                Prompt {
                    last_user: texts.join("\n"),
                    texts,
                },
                None,
            ))
        }
    }
}

fn embedding(text: &str, dimensions: usize) -> Vec<f64> {
    (0..dimensions)
        .map(|i| {
            let h = fnv1a(&[text, &i.to_string()]);
            ((h % 20_001) as f64 / 10_000.0) - 1.0
        })
        .collect()
}

fn anthropic_model_name(spec: &ModelSpec) -> String {
    spec.id
        .trim_start_matches("anthropic.")
        .split("-v")
        .next()
        .unwrap_or(spec.id)
        .to_owned()
}

fn message_id(answer: &Answer) -> String {
    format!(
        "msg_bdrk_{:024x}",
        u128::from(fnv1a(&[&answer.text])) << 32 | u128::from(answer.output_tokens)
    )
}

fn stop_word(family: Family, stop: StopReason) -> &'static str {
    match (family, stop) {
        (Family::Anthropic | Family::Nova, s) => s.converse(),
        (Family::Titan, StopReason::EndTurn) => "FINISH",
        (Family::Titan, StopReason::MaxTokens) => "LENGTH",
        (Family::Cohere, StopReason::EndTurn) => "COMPLETE",
        (Family::Cohere, StopReason::MaxTokens) => "MAX_TOKENS",
        (_, StopReason::EndTurn) => "stop",
        (_, StopReason::MaxTokens) => "length",
    }
}

/// The InvokeModel response body of `family`.
fn invoke_body(spec: &ModelSpec, body: &Value, answer: &Answer) -> Value {
    let stop = stop_word(spec.family, answer.stop_reason);
    match spec.family {
        Family::Anthropic => json!({
            "id": message_id(answer),
            "type": "message",
            "role": "assistant",
            "model": anthropic_model_name(spec),
            "content": [ { "type": "text", "text": answer.text } ],
            "stop_reason": stop,
            "stop_sequence": null,
            "usage": { "input_tokens": answer.input_tokens, "output_tokens": answer.output_tokens },
        }),
        Family::Nova => json!({
            "output": { "message": { "role": "assistant", "content": [ { "text": answer.text } ] } },
            "stopReason": stop,
            "usage": usage_json(answer),
        }),
        Family::Titan => json!({
            "inputTextTokenCount": answer.input_tokens,
            "results": [ { "tokenCount": answer.output_tokens, "outputText": answer.text, "completionReason": stop } ],
        }),
        Family::Llama => json!({
            "generation": answer.text,
            "prompt_token_count": answer.input_tokens,
            "generation_token_count": answer.output_tokens,
            "stop_reason": stop,
        }),
        Family::Mistral => json!({ "outputs": [ { "text": answer.text, "stop_reason": stop } ] }),
        Family::Cohere => json!({
            "response_id": message_id(answer),
            "text": answer.text,
            "generation_id": message_id(answer),
            "finish_reason": stop,
            "chat_history": [],
        }),
        Family::TitanEmbed => {
            let dimensions = body
                .get("dimensions")
                .and_then(Value::as_u64)
                .unwrap_or(1024) as usize;
            json!({ "embedding": embedding(&answer.text, dimensions), "inputTextTokenCount": answer.input_tokens })
        }
        Family::CohereEmbed => {
            let texts: Vec<&str> = body
                .get("texts")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            json!({
                "id": message_id(answer),
                "response_type": "embeddings_floats",
                "texts": texts,
                "embeddings": texts.iter().map(|t| embedding(t, 1024)).collect::<Vec<_>>(),
            })
        }
    }
}

fn invocation_metrics(answer: &Answer, latency_ms: u64) -> Value {
    json!({
        "inputTokenCount": answer.input_tokens,
        "outputTokenCount": answer.output_tokens,
        "invocationLatency": latency_ms,
        "firstByteLatency": latency_ms.min(1),
    })
}

fn chunk_event(out: &mut BytesMut, inner: &Value) {
    let encoded = aws_smithy_types::base64::encode(json_bytes(inner));
    eventstream::event(out, "chunk", json_bytes(&json!({ "bytes": encoded })));
}

fn chunk_frame(inner: &Value) -> Bytes {
    let mut out = BytesMut::new();
    chunk_event(&mut out, inner);
    out.freeze()
}

/// The InvokeModelWithResponseStream frames of `family`.
fn invoke_stream_plan(spec: &'static ModelSpec, answer: Answer) -> StreamPlan {
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

/// POST /model/{modelId}/invoke and /invoke-with-response-stream.
pub(crate) async fn invoke(
    shared: &Shared,
    region: &str,
    model_id: &str,
    body: &[u8],
    streaming: bool,
    started: Instant,
) -> Result<Response, AwsError> {
    let resolved = resolve(shared, region, model_id)?;
    let spec = resolved.spec;
    if streaming {
        require_text_model(spec, true)?;
    }
    let request: Value = serde_json::from_slice(body).map_err(|e| malformed(&format!("#: {e}")))?;
    if !request.is_object() {
        return Err(malformed("#: expected type: JSONObject"));
    }
    let (prompt, max_tokens) = invoke_prompt(spec.family, &request)?;
    let answer = if matches!(spec.family, Family::TitanEmbed | Family::CohereEmbed) {
        // Embeddings: no text answer; the "answer" carries the input for the vector.
        let input_tokens = prompt.texts.iter().map(|t| count_tokens(t)).sum();
        Answer {
            text: prompt.last_user.clone(),
            spans: Vec::new(),
            input_tokens,
            output_tokens: 0,
            stop_reason: StopReason::EndTurn,
        }
    } else {
        responder::answer(spec.id, spec.name, &prompt, max_tokens)
    };
    let mut response = if streaming {
        let broken = shared.faults.stream_break("InvokeModelWithResponseStream");
        eventstream::response(
            invoke_stream_plan(spec, answer),
            shared.pacing(),
            broken,
            started,
        )
    } else {
        pace_whole_answer(shared, answer.spans.len()).await;
        let mut response = json_response(200, invoke_body(spec, &request, &answer).to_string());
        let headers = response.headers_mut();
        for (name, value) in [
            (
                "x-amzn-bedrock-input-token-count",
                u64::from(answer.input_tokens),
            ),
            (
                "x-amzn-bedrock-output-token-count",
                u64::from(answer.output_tokens),
            ),
            ("x-amzn-bedrock-invocation-latency", elapsed_ms(started)),
        ] {
            headers.insert(name, HeaderValue::from(value));
        }
        response
    };
    response.extensions_mut().insert(resolved);
    Ok(response)
}

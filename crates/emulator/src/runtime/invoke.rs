//! InvokeModel and InvokeModelWithResponseStream: the request body of each model family, read
//! into a prompt and a token limit, and the handler.

use std::time::Instant;

use axum::http::HeaderValue;
use axum::response::Response;
use serde_json::Value;

use super::bodies::invoke_body;
use super::stream::invoke_stream_plan;
use super::{block_text, pace_whole_answer, require_text_model, resolve};
use crate::catalog::Family;
use crate::clock::elapsed_ms;
use crate::error::AwsError;
use crate::eventstream;
use crate::responder::{self, count_tokens, Answer, Prompt, StopReason};
use crate::server::Shared;
use crate::wire::json_response;

/// The error Bedrock gives for a body its model family cannot read.
fn malformed(detail: &str) -> AwsError {
    AwsError::validation(format!(
        "Malformed input request: {detail}, please reformat your input and try again."
    ))
}

/// The value of `key`, which the body must have.
fn required<'a>(body: &'a Value, key: &str) -> Result<&'a Value, AwsError> {
    body.get(key)
        .ok_or_else(|| malformed(&format!("#: required key [{key}] not found")))
}

/// The number at `path` in `body`, as a token limit.
fn max_from(body: &Value, path: &[&str]) -> Option<u32> {
    let mut value = body;
    for key in path {
        value = value.get(key)?;
    }
    value.as_u64().and_then(|v| u32::try_from(v).ok())
}

/// The texts of content `blocks`, one a line.
fn blocks_text(blocks: &[Value]) -> String {
    blocks
        .iter()
        .filter_map(block_text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text of an Anthropic `content`: a string or `[{"type":"text","text":…}]`.
fn anthropic_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(blocks) => blocks_text(blocks),
        _ => String::new(),
    }
}

/// The prompt of a chat body: `system`, then every message's text, the last user one remembered.
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

/// The prompt of a body with one prompt text.
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
            // Nova's content is always a list of blocks; a plain string carries no text.
            let text_of = |content: &Value| {
                content
                    .as_array()
                    .map(|b| blocks_text(b))
                    .unwrap_or_default()
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
    let (input, output) = (
        u64::from(answer.input_tokens),
        u64::from(answer.output_tokens),
    );
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
    let operation = if streaming {
        "InvokeModelWithResponseStream"
    } else {
        "InvokeModel"
    };
    let usage = super::Usage::plain(
        u32::try_from(input).unwrap_or(u32::MAX),
        u32::try_from(output).unwrap_or(u32::MAX),
    );
    crate::costs::record_call(shared, region, operation, &resolved, &usage, "default").await;
    response.extensions_mut().insert(resolved);
    Ok(response)
}

//! Converse and ConverseStream: the request, its checks (as Bedrock words them) and the answer.

use std::time::Instant;

use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use super::stream::converse_stream_plan;
use super::{block_text, pace_whole_answer, require_text_model, resolve, usage_json};
use crate::clock::elapsed_ms;
use crate::error::AwsError;
use crate::eventstream;
use crate::responder::{self, Prompt};
use crate::server::Shared;
use crate::validate::Violations;
use crate::wire::{json_response, parse_body};

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
    let (input, output) = (
        u64::from(answer.input_tokens),
        u64::from(answer.output_tokens),
    );
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
    let operation = if streaming {
        "ConverseStream"
    } else {
        "Converse"
    };
    crate::costs::record_call(shared, region, operation, &resolved, input, output).await;
    response.extensions_mut().insert(resolved);
    Ok(response)
}

//! Converse and ConverseStream: the request, its checks (as Bedrock words them) and the answer,
//! with the model's features: prompt caching, extended thinking, images and documents, and
//! service tiers (see [`crate::features`]).

use std::time::Instant;

use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use super::content::{walk, Point, Walk};
use super::reasoning;
use super::stream::{converse_stream_plan, Reasoning};
use super::{pace_whole_answer, require_text_model, resolve, Usage};
use crate::clock::elapsed_ms;
use crate::error::AwsError;
use crate::eventstream;
use crate::features::Features;
use crate::responder::{self, count_tokens, Prompt};
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
    #[serde(default)]
    additional_model_request_fields: Option<Value>,
    #[serde(default)]
    service_tier: Option<Value>,
}

#[derive(Deserialize)]
struct ConverseMessage {
    role: String,
    #[serde(default)]
    content: Vec<Value>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct InferenceConfig {
    max_tokens: Option<i64>,
    temperature: Option<f64>,
    top_p: Option<f64>,
}

/// Checks the inference configuration, the messages' roles and order; returns `maxTokens`.
fn check_request(request: &ConverseRequest) -> Result<(&[ConverseMessage], Option<u32>), AwsError> {
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
    if let Some(tier) = &request.service_tier {
        match tier.get("type").and_then(Value::as_str) {
            Some(t) => violations.one_of(
                t,
                "serviceTier.type",
                &["priority", "default", "flex", "reserved"],
            ),
            None => violations.missing("serviceTier.type"),
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
    Ok((messages, max_tokens))
}

/// Checks what depends on the model's features: the output limit, temperature with top-p.
fn check_features(features: Option<Features>, config: &InferenceConfig) -> Result<(), AwsError> {
    let Some(features) = features else {
        return Ok(());
    };
    if let Some(max) = config
        .max_tokens
        .filter(|&m| m > i64::from(features.max_output))
    {
        let limit = features.max_output;
        return Err(AwsError::validation(format!(
            "The maximum tokens you requested ({max}) exceeds the model limit of {limit}. Try again with a maximum tokens \
             value that is lower than {limit}."
        )));
    }
    if features.temperature_or_top_p && config.temperature.is_some() && config.top_p.is_some() {
        return Err(AwsError::validation(
            "The model returned the following errors: `temperature` and `top_p` cannot both be specified for this \
             model. Please use only one.",
        ));
    }
    Ok(())
}

/// The tier that serves the call: `default` unless another one the model offers was asked for.
fn serving_tier(request: &ConverseRequest, features: Option<Features>) -> Result<String, AwsError> {
    let asked = request
        .service_tier
        .as_ref()
        .and_then(|t| t.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("default");
    match asked {
        "default" => Ok(asked.to_owned()),
        // No reservations exist in the emulator.
        "reserved" => Err(AwsError::validation("Reservation not found.")),
        tier if features.is_some_and(|f| f.tiers.contains(&tier)) => Ok(tier.to_owned()),
        _ => Err(AwsError::validation(
            "The provided service tier is not supported for this model.",
        )),
    }
}

/// The cache's part in a call: tokens read and written. For each cache point in order, the
/// longest prefix found fresh is read (its lifetime starts again); the tokens from there to the
/// last point whose prefix reaches the model's minimum are written, each such prefix cached.
fn account_cache(shared: &Shared, points: &[Point], min: u32) -> (u32, u32) {
    let now = crate::clock::skewed_now(shared.faults.clock_skew()).unix_timestamp();
    let lifetime = |p: &Point| if p.one_hour { 3600 } else { 300 };
    let hit = points
        .iter()
        .rposition(|p| p.tokens >= min && shared.features.read(p.prefix, now, lifetime(p)));
    let read = hit.map_or(0, |i| points[i].tokens);
    let start = hit.map_or(0, |i| i + 1);
    let mut written = read;
    for p in points[start..].iter().filter(|p| p.tokens >= min) {
        shared.features.write(p.prefix, now, lifetime(p));
        written = written.max(p.tokens);
    }
    (read, written - read)
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
    let (messages, max_tokens) = check_request(&request)?;
    let features = crate::features::of(resolved.spec.id);
    let config = request.inference_config.as_ref();
    let default_config = InferenceConfig::default();
    let config = config.unwrap_or(&default_config);
    check_features(features, config)?;
    let budget = reasoning::budget(
        request.additional_model_request_fields.as_ref(),
        features,
        max_tokens,
        config.temperature,
        config.top_p,
    )?;
    let tier = serving_tier(&request, features)?;
    let turns: Vec<(&str, &[Value])> = messages
        .iter()
        .map(|m| (m.role.as_str(), m.content.as_slice()))
        .collect();
    let Walk {
        texts,
        last_user,
        tokens,
        points,
    } = walk(
        &shared.features,
        region,
        resolved.spec,
        features,
        &request.system,
        &turns,
    )?;
    let min = features
        .and_then(|f| f.cache_min_tokens)
        .unwrap_or(u32::MAX);
    let (cache_read, cache_write) = account_cache(shared, &points, min);
    let thought = budget.map(|b| {
        let text = reasoning::think(resolved.spec.id, &last_user, b);
        let signature = shared.features.sign(text.as_bytes());
        Reasoning { text, signature }
    });
    let thought_tokens = thought.as_ref().map_or(0, |t| count_tokens(&t.text));
    let prompt = Prompt { texts, last_user };
    let answer = responder::answer(
        resolved.spec.id,
        resolved.spec.name,
        &prompt,
        max_tokens.map(|m| m.saturating_sub(thought_tokens)),
    );
    let usage = Usage {
        input: tokens
            .saturating_sub(cache_read)
            .saturating_sub(cache_write),
        output: answer.output_tokens.saturating_add(thought_tokens),
        cache_read,
        cache_write,
        with_cache: !points.is_empty(),
    };
    let mut response = if streaming {
        let broken = shared.faults.stream_break("ConverseStream");
        let plan = converse_stream_plan(answer, thought, usage.json(), tier.clone());
        eventstream::response(plan, shared.pacing(), broken, started)
    } else {
        let chunks = answer.spans.len() + thought_tokens as usize;
        pace_whole_answer(shared, chunks).await;
        let mut content = Vec::new();
        if let Some(t) = &thought {
            content.push(json!({ "reasoningContent": { "reasoningText": { "text": t.text, "signature": t.signature } } }));
        }
        content.push(json!({ "text": answer.text }));
        let body = json!({
            "output": { "message": { "role": "assistant", "content": content } },
            "stopReason": answer.stop_reason.converse(),
            "usage": usage.json(),
            "metrics": { "latencyMs": elapsed_ms(started) },
            "serviceTier": { "type": tier },
        });
        json_response(200, body.to_string())
    };
    let operation = if streaming {
        "ConverseStream"
    } else {
        "Converse"
    };
    crate::costs::record_call(shared, region, operation, &resolved, &usage, &tier).await;
    response.extensions_mut().insert(resolved);
    Ok(response)
}

//! The InvokeModel answer of each model family: its body, stop words, ids and metrics.

use serde_json::{json, Value};

use super::usage_json;
use crate::catalog::{Family, ModelSpec};
use crate::responder::{Answer, StopReason};
use crate::wire::fnv1a;

/// A deterministic unit-range vector of `dimensions` numbers for `text`.
fn embedding(text: &str, dimensions: usize) -> Vec<f64> {
    (0..dimensions)
        .map(|i| {
            let h = fnv1a(&[text, &i.to_string()]);
            ((h % 20_001) as f64 / 10_000.0) - 1.0
        })
        .collect()
}

/// The `model` Anthropic bodies name: the id without provider prefix and version.
pub(super) fn anthropic_model_name(spec: &ModelSpec) -> String {
    spec.id
        .trim_start_matches("anthropic.")
        .split("-v")
        .next()
        .unwrap_or(spec.id)
        .to_owned()
}

/// A stable message id for `answer` (`msg_bdrk_…`).
pub(super) fn message_id(answer: &Answer) -> String {
    format!(
        "msg_bdrk_{:024x}",
        u128::from(fnv1a(&[&answer.text])) << 32 | u128::from(answer.output_tokens)
    )
}

/// How `family` words a stop reason.
pub(super) fn stop_word(family: Family, stop: StopReason) -> &'static str {
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
pub(super) fn invoke_body(spec: &ModelSpec, body: &Value, answer: &Answer) -> Value {
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

/// The `amazon-bedrock-invocationMetrics` object of a stream's last chunk.
pub(super) fn invocation_metrics(answer: &Answer, latency_ms: u64) -> Value {
    json!({
        "inputTokenCount": answer.input_tokens,
        "outputTokenCount": answer.output_tokens,
        "invocationLatency": latency_ms,
        "firstByteLatency": latency_ms.min(1),
    })
}

//! bedrock-runtime: Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream.
//!
//! This module resolves a call's `modelId` and holds what the handlers share; [`mod@converse`] and
//! [`mod@invoke`] parse the requests, [`bodies`] shapes InvokeModel answers per model family and
//! [`stream`] frames streamed answers.

mod bodies;
mod cache;
mod content;
mod converse;
mod invoke;
mod media;
mod reasoning;
mod stream;

use serde_json::{json, Value};

use crate::arn::Arn;
use crate::catalog::{ModelSpec, RegionModel};
use crate::error::AwsError;
use crate::responder::Answer;
use crate::server::Shared;

pub(crate) use cache::FeatureState;
pub(crate) use converse::converse;
pub(crate) use invoke::invoke;

/// What a runtime call's `modelId` resolved to; attached to the response for the request log.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub(crate) spec: &'static ModelSpec,
    pub(crate) profile_arn: Option<String>,
}

/// The error for a `modelId` that names nothing callable here.
fn invalid_model() -> AwsError {
    AwsError::validation("The provided model identifier is invalid.")
}

/// Resolves a model id, system profile id or ARN, or application profile ARN in `region`.
fn resolve(shared: &Shared, region: &str, model_id: &str) -> Result<Resolved, AwsError> {
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

/// `model` when it can be called on demand.
fn on_demand(model: &RegionModel) -> Result<Resolved, AwsError> {
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

/// Refuses models that answer no text, and streaming from models that cannot stream.
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

/// The text of a content block (`{"text": …}`); `None` for other blocks.
fn block_text(block: &Value) -> Option<&str> {
    block.get("text").and_then(Value::as_str)
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

/// The `usage` object of Converse and Nova answers.
fn usage_json(answer: &Answer) -> Value {
    json!({
        "inputTokens": answer.input_tokens,
        "outputTokens": answer.output_tokens,
        "totalTokens": answer.input_tokens.saturating_add(answer.output_tokens),
    })
}

/// A call's tokens as billing and the `usage` object see them: `input` excludes the cached
/// tokens read and written (AWS reports them apart); `totalTokens` adds all four.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Usage {
    pub(crate) input: u32,
    pub(crate) output: u32,
    pub(crate) cache_read: u32,
    pub(crate) cache_write: u32,
    /// Whether the request had cache points (the cache fields are then reported, zeros too).
    pub(crate) with_cache: bool,
}

impl Usage {
    /// Plain input and output tokens.
    pub(crate) fn plain(input: u32, output: u32) -> Self {
        Self {
            input,
            output,
            ..Self::default()
        }
    }

    /// Converse's `usage` object.
    pub(crate) fn json(&self) -> Value {
        let total = [self.input, self.output, self.cache_read, self.cache_write]
            .into_iter()
            .fold(0u32, u32::saturating_add);
        let mut usage = json!({
            "inputTokens": self.input,
            "outputTokens": self.output,
            "totalTokens": total,
        });
        if self.with_cache || self.cache_read > 0 || self.cache_write > 0 {
            usage["cacheReadInputTokens"] = json!(self.cache_read);
            usage["cacheWriteInputTokens"] = json!(self.cache_write);
        }
        usage
    }
}

/// `value` as JSON bytes (an event payload).
fn json_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

//! [`ChatRequest::validate_for`]: the request against what the model underneath takes, as
//! Bedrock would check it, before any call. Each refusal names the option, the model and what
//! to do.

use super::{AttachmentKind, ChatRequest, ModelFeatures, ServiceTier};
use crate::error::{Error, Result};

/// The lowest top-p Claude takes with reasoning on.
const REASONING_MIN_TOP_P: f32 = 0.95;

fn model_name(features: &ModelFeatures) -> &str {
    features.model_id.as_deref().unwrap_or("this model")
}

/// Checks `request` against `features` (see the module docs).
pub(super) fn against(request: &ChatRequest, features: &ModelFeatures) -> Result<()> {
    let model = model_name(features);
    let refuse = |what: String, hint: &str| Err(Error::validation(what).with_hint(hint.to_owned()));
    if let (Some(max), Some(limit)) = (request.max_tokens, features.max_output_tokens) {
        if max > limit {
            return refuse(
                format!("Max tokens of {max} is more than {model} can write: at most {limit}."),
                &format!("Set max tokens to {limit} or less."),
            );
        }
    }
    if request
        .system
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
        && !features.system_prompt
    {
        return refuse(
            format!("{model} takes no system prompt."),
            "Remove the system prompt, or put the instructions in the message.",
        );
    }
    if let Some(budget) = request.reasoning_budget {
        let Some(spec) = features.reasoning else {
            return refuse(
                format!("{model} has no extended thinking, so a reasoning budget cannot be sent."),
                "Turn reasoning off, or choose a model with reasoning (Claude 3.7 Sonnet or newer).",
            );
        };
        if budget < spec.min_budget || budget > spec.max_budget {
            return refuse(
                format!(
                    "A reasoning budget of {budget} tokens is outside what {model} takes: {} to {}.",
                    spec.min_budget, spec.max_budget
                ),
                &format!("Set a budget from {} to {}.", spec.min_budget, spec.max_budget),
            );
        }
        if let Some(max) = request.max_tokens {
            if budget >= max {
                return refuse(
                    format!("The reasoning budget ({budget} tokens) must be below max tokens ({max}) for {model}."),
                    "Raise max tokens above the budget, lower the budget, or leave max tokens unset.",
                );
            }
        }
        if request.temperature.is_some() {
            return refuse(
                format!("{model} takes no temperature while it reasons."),
                "Leave the temperature unset, or turn reasoning off.",
            );
        }
        if let Some(p) = request.top_p {
            if p < REASONING_MIN_TOP_P {
                return refuse(
                    format!("{model} takes a top-p of 0.95 to 1 only while it reasons, not {p}."),
                    "Set top-p to 0.95 or more, leave it unset, or turn reasoning off.",
                );
            }
        }
    }
    if request.temperature.is_some() && !features.temperature {
        return refuse(
            format!("{model} takes no temperature."),
            "Leave the temperature unset.",
        );
    }
    if request.top_p.is_some() && !features.top_p {
        return refuse(format!("{model} takes no top-p."), "Leave top-p unset.");
    }
    if features.temperature_or_top_p && request.temperature.is_some() && request.top_p.is_some() {
        return refuse(
            format!("{model} takes a temperature or a top-p, not both."),
            "Set only one of them.",
        );
    }
    check_stop_sequences(request, features, model)?;
    if let Some(tier) = request.service_tier {
        if tier != ServiceTier::Default && !features.service_tiers.contains(&tier) {
            let offered = if features.service_tiers.is_empty() {
                "only the default tier".to_owned()
            } else {
                let words: Vec<&str> = features.service_tiers.iter().map(|t| t.as_str()).collect();
                format!("default, {}", words.join(", "))
            };
            return refuse(
                format!(
                    "{model} does not offer the {} service tier ({offered}).",
                    tier.as_str()
                ),
                "Use the default tier, or choose a model that offers it.",
            );
        }
    }
    for message in &request.messages {
        for a in &message.attachments {
            let (takes, word) = match a.kind {
                AttachmentKind::Image => (features.image_input, "images"),
                AttachmentKind::Document => (features.document_input, "documents"),
            };
            if !takes {
                return refuse(
                    format!("{} cannot be sent: {model} takes no {word}.", a.name),
                    &format!("Remove the attachment, or choose a model that takes {word}."),
                );
            }
        }
    }
    Ok(())
}

fn check_stop_sequences(
    request: &ChatRequest,
    features: &ModelFeatures,
    model: &str,
) -> Result<()> {
    let given = request.stop_sequences.len();
    if given == 0 {
        return Ok(());
    }
    let titan = features
        .model_id
        .as_deref()
        .is_some_and(|m| crate::pricing::normalise_model_id(m).starts_with("amazon.titan"));
    if titan {
        if let Some(other) = request
            .stop_sequences
            .iter()
            .find(|s| !super::table::TITAN_STOP_SEQUENCES.contains(&s.as_str()))
        {
            return Err(Error::validation(format!(
                "{model} takes only the stop sequences \"|\" and \"User:\", not {other:?} (AWS's Titan text parameters)."
            ))
            .with_hint("Use \"|\" or \"User:\", or remove the stop sequence."));
        }
    }
    let most = features.max_stop_sequences as usize;
    if given > most {
        return Err(Error::validation(format!(
            "{given} stop sequences were given; {model} takes at most {most}."
        ))
        .with_hint(format!("Keep at most {most} stop sequences.")));
    }
    Ok(())
}

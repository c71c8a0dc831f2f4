//! Extended thinking in Converse: the `thinking` request field's checks (as Anthropic's models on
//! Bedrock word them) and the deterministic reasoning the emulator "thinks".

use serde_json::Value;

use crate::error::AwsError;
use crate::features::{Features, MIN_REASONING_BUDGET};
use crate::responder::token_spans;
use crate::wire::fnv1a;

const DOCS: &str = "https://docs.claude.com/en/docs/build-with-claude/extended-thinking";

fn model_error(message: &str) -> AwsError {
    AwsError::validation(format!(
        "The model returned the following errors: {message}"
    ))
}

/// The reasoning budget asked for in `additionalModelRequestFields`, checked against the model
/// and the inference configuration; `None` when thinking is off.
pub(super) fn budget(
    fields: Option<&Value>,
    features: Option<Features>,
    max_tokens: Option<u32>,
    temperature: Option<f64>,
    top_p: Option<f64>,
) -> Result<Option<u32>, AwsError> {
    let Some(thinking) = fields.and_then(|f| f.get("thinking")) else {
        return Ok(None);
    };
    let Some(features) = features.filter(|f| f.reasoning) else {
        return Err(AwsError::validation(
            "Malformed input request: #: extraneous key [thinking] is not permitted, please reformat your input and try \
             again.",
        ));
    };
    match thinking.get("type").and_then(Value::as_str) {
        Some("disabled") => return Ok(None),
        Some("enabled") => {}
        _ => {
            return Err(model_error(
                "thinking.type: Input tag does not match any of the expected tags: 'enabled', 'disabled'",
            ))
        }
    }
    let Some(budget) = thinking.get("budget_tokens").and_then(Value::as_u64) else {
        return Err(model_error(
            "thinking.enabled.budget_tokens: Field required",
        ));
    };
    if budget < MIN_REASONING_BUDGET {
        return Err(model_error(&format!(
            "thinking.enabled.budget_tokens: Input should be greater than or equal to {MIN_REASONING_BUDGET}"
        )));
    }
    let max = max_tokens.unwrap_or(features.max_output);
    if budget >= u64::from(max) {
        return Err(model_error(&format!(
            "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at \
             {DOCS}#max-tokens-and-context-window-size"
        )));
    }
    if temperature.is_some_and(|t| t != 1.0) {
        return Err(model_error(&format!(
            "`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at \
             {DOCS}#feature-compatibility"
        )));
    }
    if top_p.is_some_and(|p| !(0.95..=1.0).contains(&p)) {
        return Err(model_error(&format!(
            "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled. Please consult our \
             documentation at {DOCS}#feature-compatibility"
        )));
    }
    Ok(Some(u32::try_from(budget).unwrap_or(u32::MAX)))
}

/// The reasoning for `last_user`: a few sentences derived from the prompt, cut at `budget`
/// tokens; the same prompt always thinks the same.
pub(super) fn think(model_id: &str, last_user: &str, budget: u32) -> String {
    let seed = fnv1a(&[model_id, last_user, "thinking"]);
    let words = last_user.split_whitespace().count();
    let first: String = last_user
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    let angle = [
        "The simplest reading is probably the right one.",
        "A short, direct answer fits best.",
        "I should restate what was asked before answering.",
    ][(seed % 3) as usize];
    let text = format!(
        "The user wrote {words} word{} beginning \"{first}\". {angle} This is the Bedrock emulator, so I will \
         echo the message back and say that the answer is simulated. No facts need checking.",
        if words == 1 { "" } else { "s" },
    );
    let spans = token_spans(&text);
    match spans.get(budget as usize) {
        Some(cut) => text[..cut.start].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn sonnet() -> Option<Features> {
        crate::features::of("anthropic.claude-sonnet-4-5-20250929-v1:0")
    }

    #[test]
    fn the_checks_follow_anthropics_rules() {
        let on = |n: u64| json!({ "thinking": { "type": "enabled", "budget_tokens": n } });
        assert_eq!(
            budget(Some(&on(2048)), sonnet(), Some(4096), None, None).unwrap(),
            Some(2048)
        );
        assert_eq!(budget(None, sonnet(), None, Some(0.5), None).unwrap(), None);
        let message =
            |r: Result<Option<u32>, AwsError>| r.err().map(|e| e.message).unwrap_or_default();
        assert!(message(budget(Some(&on(1000)), sonnet(), None, None, None))
            .contains("greater than or equal to 1024"));
        assert!(
            message(budget(Some(&on(4096)), sonnet(), Some(4096), None, None))
                .contains("`max_tokens` must be greater")
        );
        assert!(message(budget(
            Some(&on(2048)),
            sonnet(),
            Some(4096),
            Some(0.7),
            None
        ))
        .contains("`temperature` may only"));
        assert!(message(budget(
            Some(&on(2048)),
            sonnet(),
            Some(4096),
            None,
            Some(0.9)
        ))
        .contains("`top_p`"));
        let haiku = crate::features::of("anthropic.claude-3-haiku-20240307-v1:0");
        assert!(message(budget(Some(&on(2048)), haiku, None, None, None))
            .contains("extraneous key [thinking]"));
    }

    #[test]
    fn reasoning_is_deterministic_and_bounded() {
        let a = think("m", "Explain caching please", 10_000);
        assert_eq!(a, think("m", "Explain caching please", 10_000));
        assert!(a.contains("3 words"));
        let cut = think("m", "Explain caching please", 5);
        assert_eq!(crate::responder::count_tokens(&cut), 5);
        assert!(a.starts_with(&cut));
    }
}

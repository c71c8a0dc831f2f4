//! The deterministic "model": a short answer derived from the prompt and the model, and honest
//! token counts (the same text always counts the same).
//!
//! Tokens: a run of up to six letters or digits, or one other character, each with the
//! whitespace before it. The answer echoes the last user message, so a long prompt gives a long
//! (many-chunk) answer, which benchmarks use.

use std::ops::Range;

use crate::wire::fnv1a;

const MAX_RUN: usize = 6;
/// Longest echo of the prompt, in bytes (cut at a character boundary).
const MAX_ECHO: usize = 64 * 1024;

/// Byte ranges of the tokens of `text`; they cover it exactly.
pub(crate) fn token_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::with_capacity(text.len() / 4 + 1);
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, _)) = chars.peek() {
        while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => {
                spans.push(start..text.len());
                break;
            }
            Some((_, c)) if c.is_alphanumeric() => {
                let mut run = 1;
                while run < MAX_RUN && chars.peek().is_some_and(|&(_, c)| c.is_alphanumeric()) {
                    chars.next();
                    run += 1;
                }
            }
            Some(_) => {}
        }
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        spans.push(start..end);
    }
    spans
}

/// The number of tokens in `text`.
pub fn count_tokens(text: &str) -> u32 {
    u32::try_from(token_spans(text).len()).unwrap_or(u32::MAX)
}

/// Why an answer ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StopReason {
    EndTurn,
    MaxTokens,
}

impl StopReason {
    /// The Converse API value.
    pub(crate) fn converse(self) -> &'static str {
        match self {
            StopReason::EndTurn => "end_turn",
            StopReason::MaxTokens => "max_tokens",
        }
    }
}

/// What the caller sent, reduced to text.
#[derive(Debug, Default)]
pub(crate) struct Prompt {
    /// Every text the model reads (system prompts and all messages).
    pub(crate) texts: Vec<String>,
    /// The last user message's text.
    pub(crate) last_user: String,
}

/// An answer with its tokens.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) text: String,
    pub(crate) spans: Vec<Range<usize>>,
    pub(crate) input_tokens: u32,
    pub(crate) output_tokens: u32,
    pub(crate) stop_reason: StopReason,
}

impl Answer {
    /// The text of each token, in order.
    pub(crate) fn chunks(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|r| &self.text[r.clone()])
    }
}

fn pick<'a>(options: &[&'a str], seed: u64) -> &'a str {
    options[(seed % options.len() as u64) as usize]
}

/// The answer of model `model_name` (`model_id`) to `prompt`, cut at `max_tokens` if given.
pub(crate) fn answer(
    model_id: &str,
    model_name: &str,
    prompt: &Prompt,
    max_tokens: Option<u32>,
) -> Answer {
    let seed = fnv1a(&[model_id, &prompt.last_user]);
    let intro = pick(
        &[
            "Hello from {} on the Bedrock emulator.",
            "{} here, answering from the Bedrock emulator.",
            "This is {}, simulated by the Bedrock emulator.",
        ],
        seed,
    )
    .replace("{}", model_name);
    let closing = pick(
        &[
            "Ask me anything else.",
            "The same prompt always gets this same reply.",
            "No real model was called, so this answer cost nothing.",
        ],
        seed >> 8,
    );
    let message = prompt.last_user.trim();
    let text = if message.is_empty() {
        format!("{intro} Your message had no text. {closing}")
    } else {
        let mut cut = message.len().min(MAX_ECHO);
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        let words = message.split_whitespace().count();
        let plural = if words == 1 { "" } else { "s" };
        format!(
            "{intro} You wrote {words} word{plural}: \"{}\". {closing}",
            &message[..cut]
        )
    };
    let mut spans = token_spans(&text);
    let mut stop_reason = StopReason::EndTurn;
    let mut text = text;
    if let Some(max) = max_tokens.map(|m| m as usize) {
        if spans.len() > max {
            spans.truncate(max);
            text.truncate(spans.last().map_or(0, |r| r.end));
            stop_reason = StopReason::MaxTokens;
        }
    }
    let input_tokens = prompt
        .texts
        .iter()
        .map(|t| count_tokens(t))
        .fold(0u32, u32::saturating_add);
    let output_tokens = u32::try_from(spans.len()).unwrap_or(u32::MAX);
    Answer {
        text,
        spans,
        input_tokens,
        output_tokens,
        stop_reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_text() {
        for text in [
            "",
            "Hello, world!",
            "  leading",
            "trailing  ",
            "abcdefghijkl mn",
            "日本語のテキスト",
        ] {
            let spans = token_spans(text);
            let joined: String = spans.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined, text);
            assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
        }
        assert_eq!(count_tokens("Hello, world!"), 4);
        assert_eq!(count_tokens("abcdefghijkl"), 2);
    }

    #[test]
    fn answers_are_deterministic_and_cut_honestly() {
        let prompt = Prompt {
            texts: vec!["Say hi".into()],
            last_user: "Say hi".into(),
        };
        let a = answer("m", "Model", &prompt, None);
        let b = answer("m", "Model", &prompt, None);
        assert_eq!(a.text, b.text);
        assert_eq!(a.stop_reason, StopReason::EndTurn);
        assert_eq!(a.output_tokens, count_tokens(&a.text));
        assert_eq!(a.input_tokens, 2);
        let cut = answer("m", "Model", &prompt, Some(3));
        assert_eq!(cut.stop_reason, StopReason::MaxTokens);
        assert_eq!(cut.output_tokens, 3);
        assert_eq!(count_tokens(&cut.text), 3);
        assert!(a.text.starts_with(&cut.text));
    }
}

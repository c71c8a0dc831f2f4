//! The ConverseStream request as the SDK sends it: the messages with their attachments,
//! reasoning and cache points, the system prompt, the inference parameters, extended thinking
//! and the service tier.
//!
//! Cache points (for a model with prompt caching, when [`ChatRequest::prompt_cache`] is on): one
//! after the system prompt, one at the end of the last user message and one at the end of the
//! user message before it, so that the next turn reads the prefix this one wrote (3 points, within
//! Bedrock's 4). Attachments go before the message's text, documents named by
//! [`super::attachments::document_names`]. An answer's reasoning is sent back before its text,
//! unchanged with its signature, on a turn that reasons (Bedrock requires it then; a turn without
//! reasoning sends the answers' text only).

use std::collections::HashMap;

use aws_sdk_bedrockruntime::types::{
    CachePointBlock, CachePointType, ContentBlock, ConversationRole, DocumentBlock, DocumentFormat,
    DocumentSource, ImageBlock, ImageFormat, ImageSource, InferenceConfiguration, Message,
    ReasoningContentBlock, ReasoningTextBlock, ServiceTierType, SystemContentBlock,
};
use aws_smithy_types::{Blob, Document, Number};

use super::{AttachmentKind, ChatRequest, ModelFeatures, Role, ServiceTier};
use crate::error::{Error, Result};

/// The output tokens a reasoning turn with no max tokens given asks for beyond its budget.
pub(crate) const ANSWER_ROOM_TOKENS: u32 = 8_192;

fn built<T, E: std::fmt::Display>(what: &str, r: std::result::Result<T, E>) -> Result<T> {
    r.map_err(|e| Error::internal(format!("{what} could not be built: {e}")))
}

fn cache_point() -> Result<CachePointBlock> {
    built(
        "A cache point",
        CachePointBlock::builder()
            .r#type(CachePointType::Default)
            .build(),
    )
}

/// Whether the request carries cache points.
pub(super) fn caches(request: &ChatRequest, features: &ModelFeatures) -> bool {
    request.prompt_cache && features.prompt_cache.is_some()
}

fn decode(name: &str, data: &str) -> Result<Blob> {
    aws_smithy_types::base64::decode(data)
        .map(Blob::new)
        .map_err(|e| Error::validation(format!("{name}'s data is not base64: {e}.")))
}

/// The messages as the SDK sends them.
pub(super) fn messages(request: &ChatRequest, features: &ModelFeatures) -> Result<Vec<Message>> {
    let cache = caches(request, features);
    let users: Vec<usize> = request
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.role == Role::User)
        .map(|(i, _)| i)
        .collect();
    let cached: Vec<usize> = if cache {
        users.iter().rev().take(2).copied().collect()
    } else {
        Vec::new()
    };
    let names = super::attachments::document_names(
        request
            .messages
            .iter()
            .flat_map(|m| &m.attachments)
            .filter(|a| a.kind == AttachmentKind::Document)
            .map(|a| a.name.as_str()),
    );
    let mut names = names.into_iter();
    let mut sent_names: HashMap<(usize, usize), String> = HashMap::new();
    for (i, m) in request.messages.iter().enumerate() {
        for (j, a) in m.attachments.iter().enumerate() {
            if a.kind == AttachmentKind::Document {
                if let Some(n) = names.next() {
                    sent_names.insert((i, j), n);
                }
            }
        }
    }
    let reasons = request.reasoning_budget.is_some();
    request
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut blocks = Vec::new();
            if m.role == Role::Assistant && reasons {
                if let Some(r) = &m.reasoning {
                    if let Some(signature) = &r.signature {
                        blocks.push(ContentBlock::ReasoningContent(
                            ReasoningContentBlock::ReasoningText(built(
                                "A reasoning block",
                                ReasoningTextBlock::builder()
                                    .text(r.text.clone())
                                    .signature(signature.clone())
                                    .build(),
                            )?),
                        ));
                    }
                    for redacted in &r.redacted {
                        blocks.push(ContentBlock::ReasoningContent(
                            ReasoningContentBlock::RedactedContent(decode(
                                "Redacted reasoning",
                                redacted,
                            )?),
                        ));
                    }
                }
            }
            for (j, a) in m.attachments.iter().enumerate() {
                let bytes = decode(&a.name, &a.data)?;
                blocks.push(match a.kind {
                    AttachmentKind::Image => ContentBlock::Image(built(
                        "An image block",
                        ImageBlock::builder()
                            .format(ImageFormat::from(a.format.as_str()))
                            .source(ImageSource::Bytes(bytes))
                            .build(),
                    )?),
                    AttachmentKind::Document => ContentBlock::Document(built(
                        "A document block",
                        DocumentBlock::builder()
                            .format(DocumentFormat::from(a.format.as_str()))
                            .name(
                                sent_names
                                    .get(&(i, j))
                                    .cloned()
                                    .unwrap_or_else(|| "document".to_owned()),
                            )
                            .source(DocumentSource::Bytes(bytes))
                            .build(),
                    )?),
                });
            }
            blocks.push(ContentBlock::Text(m.text.clone()));
            if cached.contains(&i) {
                blocks.push(ContentBlock::CachePoint(cache_point()?));
            }
            built(
                "A message",
                Message::builder()
                    .role(match m.role {
                        Role::User => ConversationRole::User,
                        Role::Assistant => ConversationRole::Assistant,
                    })
                    .set_content(Some(blocks))
                    .build(),
            )
        })
        .collect()
}

/// The system prompt's blocks (with a cache point after it when the request caches); empty
/// without a system prompt.
pub(super) fn system(
    request: &ChatRequest,
    features: &ModelFeatures,
) -> Result<Vec<SystemContentBlock>> {
    let Some(text) = request.system.as_ref().filter(|s| !s.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    let mut blocks = vec![SystemContentBlock::Text(text.clone())];
    if caches(request, features) {
        blocks.push(SystemContentBlock::CachePoint(cache_point()?));
    }
    Ok(blocks)
}

/// The max tokens sent: the request's, or for a reasoning turn without one, the budget plus
/// room for the answer, within the model's max output.
pub(super) fn max_tokens(request: &ChatRequest, features: &ModelFeatures) -> Option<u32> {
    request.max_tokens.or_else(|| {
        let budget = request.reasoning_budget?;
        let wanted = budget.saturating_add(ANSWER_ROOM_TOKENS);
        Some(features.max_output_tokens.map_or(wanted, |m| wanted.min(m)))
    })
}

/// The inference configuration, when any of its fields is set.
pub(super) fn inference(
    request: &ChatRequest,
    features: &ModelFeatures,
) -> Option<InferenceConfiguration> {
    let max = max_tokens(request, features);
    if max.is_none()
        && request.temperature.is_none()
        && request.top_p.is_none()
        && request.stop_sequences.is_empty()
    {
        return None;
    }
    Some(
        InferenceConfiguration::builder()
            .set_max_tokens(max.map(|m| i32::try_from(m).unwrap_or(i32::MAX)))
            .set_temperature(request.temperature)
            .set_top_p(request.top_p)
            .set_stop_sequences(
                (!request.stop_sequences.is_empty()).then(|| request.stop_sequences.clone()),
            )
            .build(),
    )
}

/// `additionalModelRequestFields` for extended thinking:
/// `{"thinking":{"type":"enabled","budget_tokens":N}}`.
pub(super) fn thinking(request: &ChatRequest) -> Option<Document> {
    let budget = request.reasoning_budget?;
    let thinking = HashMap::from([
        ("type".to_owned(), Document::String("enabled".to_owned())),
        (
            "budget_tokens".to_owned(),
            Document::Number(Number::PosInt(u64::from(budget))),
        ),
    ]);
    Some(Document::Object(HashMap::from([(
        "thinking".to_owned(),
        Document::Object(thinking),
    )])))
}

/// The `serviceTier` sent, when the request asks for one.
pub(super) fn service_tier(
    request: &ChatRequest,
) -> Result<Option<aws_sdk_bedrockruntime::types::ServiceTier>> {
    let Some(tier) = request.service_tier else {
        return Ok(None);
    };
    let word = match tier {
        ServiceTier::Default => ServiceTierType::Default,
        ServiceTier::Priority => ServiceTierType::Priority,
        ServiceTier::Flex => ServiceTierType::Flex,
        ServiceTier::Reserved => ServiceTierType::Reserved,
    };
    built(
        "The service tier",
        aws_sdk_bedrockruntime::types::ServiceTier::builder()
            .r#type(word)
            .build(),
    )
    .map(Some)
}

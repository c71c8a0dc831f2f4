//! The content of a Converse request walked in order (system blocks, then each message's
//! blocks): its texts and tokens, its images and documents checked against AWS's limits, the
//! reasoning sent back checked against the server's signature, and each cache point with the
//! hash and tokens of the prefix before it.
//!
//! A prefix hash covers the region, the model and every block before the point (texts,
//! attachment bytes, reasoning), with the roles, so two requests share a cache entry exactly
//! when they share that prefix.

use std::collections::HashSet;

use serde_json::Value;

use super::cache::FeatureState;
use super::media::{
    check_image, document_tokens, is_valid_document_name, DOCUMENT_FORMATS, IMAGE_FORMATS,
    MAX_DOCUMENTS, MAX_DOCUMENT_BYTES, MAX_IMAGES,
};
use crate::catalog::ModelSpec;
use crate::error::AwsError;
use crate::features::{Features, MAX_CACHE_POINTS};
use crate::responder::count_tokens;
use crate::validate::Violations;
use crate::wire::{fnv_continue, FNV_START};

/// A cache point: the prefix before it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Point {
    pub(super) prefix: u64,
    pub(super) tokens: u32,
    pub(super) one_hour: bool,
}

/// What the walk found.
#[derive(Debug, Default)]
pub(super) struct Walk {
    /// Every text the model reads, in order.
    pub(super) texts: Vec<String>,
    /// The last user message's text.
    pub(super) last_user: String,
    /// All input tokens (texts, attachments, reasoning sent back).
    pub(super) tokens: u32,
    pub(super) points: Vec<Point>,
}

/// The message of AWS's refusal of cache points on a model without prompt caching.
const NO_CACHING: &str =
    "You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more \
     information.";

struct Walker<'a> {
    walk: Walk,
    hash: u64,
    features: Option<Features>,
    state: &'a FeatureState,
    images: usize,
    documents: usize,
    names: HashSet<String>,
}

fn bytes_of(value: Option<&Value>) -> Option<Vec<u8>> {
    aws_smithy_types::base64::decode(value?.as_str()?).ok()
}

impl Walker<'_> {
    fn feed(&mut self, tag: u8, bytes: &[u8], tokens: u32) {
        self.hash = fnv_continue(fnv_continue(self.hash, &[tag]), bytes);
        self.hash = fnv_continue(self.hash, &(bytes.len() as u64).to_le_bytes());
        self.walk.tokens = self.walk.tokens.saturating_add(tokens);
    }

    fn cache_point(&mut self, point: &Value, at: &str) -> Result<(), AwsError> {
        let mut violations = Violations::new();
        let kind = point.get("type").and_then(Value::as_str);
        match kind {
            Some(kind) => violations.one_of(kind, &format!("{at}.cachePoint.type"), &["default"]),
            None => violations.missing(&format!("{at}.cachePoint.type")),
        }
        let ttl = point.get("ttl").and_then(Value::as_str);
        if let Some(ttl) = ttl {
            violations.one_of(ttl, &format!("{at}.cachePoint.ttl"), &["5m", "1h"]);
        }
        violations.finish()?;
        let Some(features) = self.features.filter(|f| f.cache_min_tokens.is_some()) else {
            return Err(AwsError::validation(NO_CACHING));
        };
        if ttl == Some("1h") && !features.cache_1h {
            return Err(AwsError::validation(
                "The model returned the following errors: cache_control.ttl: a ttl of 1h is not supported by this \
                 model; use 5m or leave it unset",
            ));
        }
        if self.walk.points.len() == MAX_CACHE_POINTS {
            return Err(AwsError::validation(format!(
                "The model returned the following errors: A maximum of {MAX_CACHE_POINTS} blocks with cache_control \
                 may be provided. Found {}.",
                MAX_CACHE_POINTS + 1
            )));
        }
        self.walk.points.push(Point {
            prefix: self.hash,
            tokens: self.walk.tokens,
            one_hour: ttl == Some("1h"),
        });
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.feed(b't', text.as_bytes(), count_tokens(text));
        self.walk.texts.push(text.to_owned());
    }

    fn image(&mut self, image: &Value, at: &str, spec: &ModelSpec) -> Result<(), AwsError> {
        let format = image
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut violations = Violations::new();
        violations.one_of(format, &format!("{at}.image.format"), IMAGE_FORMATS);
        violations.finish()?;
        if !spec.input.contains(&"IMAGE") {
            return Err(AwsError::validation(
                "This model doesn't support the image field for user messages.",
            ));
        }
        self.images += 1;
        if self.images > MAX_IMAGES {
            return Err(AwsError::validation(format!(
                "The model returned the following errors: Too many images: a request can include at most {MAX_IMAGES} \
                 images."
            )));
        }
        let Some(bytes) = bytes_of(image.pointer("/source/bytes")) else {
            return Err(AwsError::validation(format!(
                "The model returned the following errors: {at}.image.source: the image needs its bytes \
                 (base64-encoded)"
            )));
        };
        let tokens = check_image(at, format, &bytes)?;
        self.feed(b'i', &bytes, tokens);
        Ok(())
    }

    fn document(&mut self, document: &Value, at: &str, path: &str) -> Result<(), AwsError> {
        let format = document
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or("txt");
        let name = document.get("name").and_then(Value::as_str);
        let mut violations = Violations::new();
        violations.one_of(format, &format!("{path}.document.format"), DOCUMENT_FORMATS);
        match name {
            Some(name) => violations.string(
                name,
                &format!("{path}.document.name"),
                1,
                200,
                ".{1,200}",
                |_| true,
            ),
            None => violations.missing(&format!("{path}.document.name")),
        }
        violations.finish()?;
        let name = name.unwrap_or_default();
        if !is_valid_document_name(name) {
            return Err(AwsError::validation(format!(
                "The document name '{name}' at {at} is not valid. A document name can only contain alphanumeric \
                 characters, whitespace characters (no more than one in a row), hyphens, parentheses and square \
                 brackets."
            )));
        }
        if !self.names.insert(name.to_owned()) {
            return Err(AwsError::validation(format!(
                "The document name '{name}' is used more than once. Each document in a request needs a unique name."
            )));
        }
        self.documents += 1;
        if self.documents > MAX_DOCUMENTS {
            return Err(AwsError::validation(format!(
                "The model returned the following errors: Too many documents: a request can include at most \
                 {MAX_DOCUMENTS} documents."
            )));
        }
        let bytes = match document.pointer("/source/text").and_then(Value::as_str) {
            Some(text) => text.as_bytes().to_vec(),
            None => bytes_of(document.pointer("/source/bytes")).ok_or_else(|| {
                AwsError::validation(format!(
                    "The model returned the following errors: {at}.document.source: the document needs its bytes \
                     (base64-encoded) or text"
                ))
            })?,
        };
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(AwsError::validation(format!(
                "The model returned the following errors: {at}.document.source.bytes: document '{name}' exceeds the \
                 4.5 MB maximum: {} bytes > {MAX_DOCUMENT_BYTES} bytes",
                bytes.len()
            )));
        }
        self.feed(b'n', name.as_bytes(), 0);
        self.feed(b'd', &bytes, document_tokens(format, &bytes));
        Ok(())
    }

    fn reasoning(&mut self, reasoning: &Value, at: &str) -> Result<(), AwsError> {
        let invalid = || {
            AwsError::validation(format!(
                "The model returned the following errors: {at}: Invalid `signature` in `thinking` block"
            ))
        };
        if let Some(text) = reasoning
            .pointer("/reasoningText/text")
            .and_then(Value::as_str)
        {
            let signature = reasoning
                .pointer("/reasoningText/signature")
                .and_then(Value::as_str);
            if !signature.is_some_and(|s| self.state.verify(text.as_bytes(), s)) {
                return Err(invalid());
            }
            self.feed(b'r', text.as_bytes(), count_tokens(text));
            return Ok(());
        }
        match bytes_of(reasoning.get("redactedContent")) {
            Some(bytes) if self.state.verify_redacted(&bytes) => {
                self.feed(
                    b'x',
                    &bytes,
                    u32::try_from(bytes.len().div_ceil(4)).unwrap_or(u32::MAX),
                );
                Ok(())
            }
            _ => Err(invalid()),
        }
    }
}

/// Walks `system` and `messages` (role, content) for the model `spec` (`features` from the
/// features table), in `region`.
pub(super) fn walk(
    state: &FeatureState,
    region: &str,
    spec: &ModelSpec,
    features: Option<Features>,
    system: &[Value],
    messages: &[(&str, &[Value])],
) -> Result<Walk, AwsError> {
    let start = fnv_continue(fnv_continue(FNV_START, region.as_bytes()), b"\xff");
    let mut w = Walker {
        walk: Walk::default(),
        hash: fnv_continue(fnv_continue(start, spec.id.as_bytes()), b"\xff"),
        features,
        state,
        images: 0,
        documents: 0,
        names: HashSet::new(),
    };
    if !system.is_empty() && features.is_some_and(|f| !f.system_prompt) {
        return Err(AwsError::validation(
            "This model doesn't support system messages. Try again without a system message.",
        ));
    }
    for (j, block) in system.iter().enumerate() {
        if let Some(text) = block.get("text").and_then(Value::as_str) {
            w.text(text);
        } else if let Some(point) = block.get("cachePoint") {
            w.cache_point(point, &format!("system.{}.member", j + 1))?;
        }
    }
    for (i, (role, content)) in messages.iter().enumerate() {
        w.feed(b'm', role.as_bytes(), 0);
        let mut texts = Vec::new();
        let mut has_document = false;
        for (j, block) in content.iter().enumerate() {
            let at = format!("messages.{i}.content.{j}");
            let path = format!("messages.{}.member.content.{}.member", i + 1, j + 1);
            let attachment = block.get("image").or_else(|| block.get("document"));
            if attachment.is_some() && *role != "user" {
                return Err(AwsError::validation(format!(
                    "The model returned the following errors: {at}: images and documents can only be included in \
                     user messages."
                )));
            }
            if let Some(text) = block.get("text").and_then(Value::as_str) {
                w.text(text);
                texts.push(text);
            } else if let Some(point) = block.get("cachePoint") {
                w.cache_point(point, &path)?;
            } else if let Some(image) = block.get("image") {
                w.image(image, &at, spec)?;
            } else if let Some(document) = block.get("document") {
                w.document(document, &at, &path)?;
                has_document = true;
            } else if let Some(reasoning) = block.get("reasoningContent") {
                w.reasoning(reasoning, &at)?;
            } else {
                // Tool use and the rest: part of the prefix, not counted.
                w.feed(b'o', block.to_string().as_bytes(), 0);
            }
        }
        if has_document && texts.is_empty() {
            return Err(AwsError::validation(format!(
                "The model returned the following errors: messages.{i}: a message with a document must also \
                 include a text block."
            )));
        }
        if *role == "user" {
            w.walk.last_user = texts.join("\n");
        }
    }
    Ok(w.walk)
}

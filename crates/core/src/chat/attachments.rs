//! Images and documents sent with a message: their formats, AWS's limits (checked before any
//! call, each with its own message), the name a document is sent under, and reading a file
//! (`strata chat --attach FILE`).
//!
//! AWS's limits (the Converse API reference, `Message.content`, and botocore's
//! `DocumentBlock.name`): at most 20 images of at most 3.75 MB each, at most 5 documents of at
//! most 4.5 MB each, images and documents only in user messages, and a document only beside a
//! text block. A document's name may hold only alphanumerics, single spaces, hyphens,
//! parentheses and square brackets.

use super::{Attachment, AttachmentKind};
use crate::error::Result;

/// The most images one request may carry.
pub const MAX_IMAGES: usize = 20;
/// The largest image, in bytes (3.75 MB).
pub const MAX_IMAGE_BYTES: u64 = 3_750_000;
/// The most documents one request may carry.
pub const MAX_DOCUMENTS: usize = 5;
/// The largest document, in bytes (4.5 MB).
pub const MAX_DOCUMENT_BYTES: u64 = 4_500_000;

/// Bedrock's image formats.
pub const IMAGE_FORMATS: &[&str] = &["png", "jpeg", "gif", "webp"];
/// Bedrock's document formats.
pub const DOCUMENT_FORMATS: &[&str] = &[
    "pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md",
];

/// The kind and Bedrock format of a file named `name` (by its extension: `.jpg` is `jpeg`,
/// `.htm` is `html`, `.markdown` is `md`); `None` for a file Bedrock cannot take.
pub fn format_of(name: &str) -> Option<(AttachmentKind, &'static str)> {
    // CONTRACT: filled in by the core-chat work.
    let _ = name;
    None
}

/// The name a document is sent to Bedrock under: `name` without its extension, with every
/// character Bedrock refuses replaced and runs of spaces made one, never empty, unique within
/// the request (Bedrock refuses two documents of one name).
pub fn document_name(name: &str) -> String {
    // CONTRACT: filled in by the core-chat work.
    name.to_owned()
}

/// Reads the file at `path` as an attachment, refusing (kind `Validation`, before any call) a
/// format Bedrock cannot take and a file over its kind's size limit, naming the file, its size
/// and the limit.
pub fn read_file(path: &std::path::Path) -> Result<Attachment> {
    // CONTRACT: filled in by the core-chat work.
    Err(crate::error::Error::validation(format!(
        "{} cannot be attached yet.",
        path.display()
    )))
}

/// Checks the attachments of a whole request against AWS's limits (counts across the request,
/// sizes, formats, names, user messages only, a text beside each document). Each refusal names
/// the file and the limit.
pub fn check(messages: &[super::ChatMessage]) -> Result<()> {
    // CONTRACT: filled in by the core-chat work.
    let _ = messages;
    Ok(())
}

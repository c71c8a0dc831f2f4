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
use crate::error::{Error, Result};

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

/// The longest document name Bedrock takes (botocore's `DocumentBlockNameString`, 1 to 200).
pub const MAX_DOCUMENT_NAME_CHARS: usize = 200;

/// The kind and Bedrock format of a file named `name` (by its extension: `.jpg` is `jpeg`,
/// `.htm` is `html`, `.markdown` is `md`); `None` for a file Bedrock cannot take.
pub fn format_of(name: &str) -> Option<(AttachmentKind, &'static str)> {
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    let image = |f| Some((AttachmentKind::Image, f));
    let document = |f| Some((AttachmentKind::Document, f));
    match ext.as_str() {
        "png" => image("png"),
        "jpg" | "jpeg" => image("jpeg"),
        "gif" => image("gif"),
        "webp" => image("webp"),
        "pdf" => document("pdf"),
        "csv" => document("csv"),
        "doc" => document("doc"),
        "docx" => document("docx"),
        "xls" => document("xls"),
        "xlsx" => document("xlsx"),
        "html" | "htm" => document("html"),
        "txt" => document("txt"),
        "md" | "markdown" => document("md"),
        _ => None,
    }
}

/// Whether `bytes` start as a file of `format` should (PNG, JPEG, GIF, WebP and PDF have magic
/// numbers; the other documents are not checked).
pub fn bytes_match(format: &str, bytes: &[u8]) -> bool {
    match format {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "webp" => bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "pdf" => bytes.starts_with(b"%PDF-"),
        _ => true,
    }
}

/// The name a document is sent to Bedrock under: `name` without its extension, with every
/// character Bedrock refuses replaced and runs of spaces made one, never empty, unique within
/// the request (Bedrock refuses two documents of one name).
pub fn document_name(name: &str) -> String {
    let base = std::path::Path::new(name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(name);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let mut out = String::with_capacity(stem.len());
    for c in stem.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '(' | ')' | '[' | ']') {
            c
        } else {
            ' '
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    let mut out: String = out
        .trim_end()
        .chars()
        .take(MAX_DOCUMENT_NAME_CHARS)
        .collect();
    out.truncate(out.trim_end().len());
    if out.is_empty() {
        "document".to_owned()
    } else {
        out
    }
}

/// The names the documents of one request are sent under, in order: [`document_name`] of each,
/// with ` (2)`, ` (3)` … added to repeats so that no two are the same.
pub fn document_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    for name in names {
        let base = document_name(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            let suffix = format!(" ({n})");
            let room = MAX_DOCUMENT_NAME_CHARS.saturating_sub(suffix.chars().count());
            candidate = format!(
                "{}{suffix}",
                base.chars().take(room).collect::<String>().trim_end()
            );
            n += 1;
        }
        taken.push(candidate);
    }
    taken
}

/// A size in megabytes as the user reads it ("5.2 MB", "3.75 MB").
pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    let text = format!("{mb:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} MB")
}

fn kind_word(kind: AttachmentKind) -> &'static str {
    match kind {
        AttachmentKind::Image => "images",
        AttachmentKind::Document => "documents",
    }
}

fn size_limit(kind: AttachmentKind) -> u64 {
    match kind {
        AttachmentKind::Image => MAX_IMAGE_BYTES,
        AttachmentKind::Document => MAX_DOCUMENT_BYTES,
    }
}

fn check_size(name: &str, kind: AttachmentKind, size: u64) -> Result<()> {
    let limit = size_limit(kind);
    if size > limit {
        return Err(Error::validation(format!(
            "{name} is {}; Bedrock takes {} of up to {}.",
            megabytes(size),
            kind_word(kind),
            megabytes(limit)
        ))
        .with_hint(format!(
            "Attach a smaller file (at most {}).",
            megabytes(limit)
        )));
    }
    if size == 0 {
        return Err(Error::validation(format!(
            "{name} is empty; there is nothing to attach."
        )));
    }
    Ok(())
}

fn unsupported(name: &str) -> Error {
    Error::validation(format!("{name} cannot be attached: Bedrock takes images (PNG, JPEG, GIF, WebP) and documents (PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD)."))
        .with_hint("Convert it to one of those formats, or paste its text into the message.")
}

fn not_what_it_says(name: &str, format: &str) -> Error {
    Error::validation(format!(
        "{name} is not a {} file: its contents do not start as one does.",
        format.to_ascii_uppercase()
    ))
    .with_hint("Check the file, or save it again in the format its name says.")
}

/// Reads the file at `path` as an attachment, refusing (kind `Validation`, before any call) a
/// format Bedrock cannot take and a file over its kind's size limit, naming the file, its size
/// and the limit.
pub fn read_file(path: &std::path::Path) -> Result<Attachment> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .map_or_else(|| path.display().to_string(), str::to_owned);
    let (kind, format) = format_of(&name).ok_or_else(|| unsupported(&name))?;
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::validation(format!("{} cannot be read: {e}.", path.display())))?;
    check_size(&name, kind, meta.len())?;
    let bytes = std::fs::read(path)
        .map_err(|e| Error::validation(format!("{} cannot be read: {e}.", path.display())))?;
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    check_size(&name, kind, size)?;
    if !bytes_match(format, &bytes) {
        return Err(not_what_it_says(&name, format));
    }
    Ok(Attachment {
        name,
        kind,
        format: format.to_owned(),
        data: aws_smithy_types::base64::encode(&bytes),
        size,
    })
}

/// Checks the attachments of a whole request against AWS's limits (counts across the request,
/// sizes, formats, names, user messages only, a text beside each document). Each refusal names
/// the file and the limit.
pub fn check(messages: &[super::ChatMessage]) -> Result<()> {
    let (mut images, mut documents) = (0usize, 0usize);
    for (i, message) in messages.iter().enumerate() {
        if message.attachments.is_empty() {
            continue;
        }
        if message.role != super::Role::User {
            return Err(Error::validation(format!(
                "Message {} is an answer with files attached; Bedrock takes files only in the user's messages.",
                i + 1
            )));
        }
        for a in &message.attachments {
            let Some((kind, _)) = IMAGE_FORMATS
                .contains(&a.format.as_str())
                .then_some((AttachmentKind::Image, ()))
                .or_else(|| {
                    DOCUMENT_FORMATS
                        .contains(&a.format.as_str())
                        .then_some((AttachmentKind::Document, ()))
                })
            else {
                return Err(unsupported(&a.name));
            };
            if kind != a.kind {
                return Err(Error::validation(format!(
                    "{} is marked as {:?} but its format {} is not one.",
                    a.name, a.kind, a.format
                )));
            }
            check_size(&a.name, kind, a.size)?;
            let bytes = aws_smithy_types::base64::decode(&a.data)
                .map_err(|e| Error::validation(format!("{}'s data is not base64: {e}.", a.name)))?;
            let decoded = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
            check_size(&a.name, kind, decoded)?;
            if !bytes_match(&a.format, &bytes) {
                return Err(not_what_it_says(&a.name, &a.format));
            }
            match kind {
                AttachmentKind::Image => images += 1,
                AttachmentKind::Document => documents += 1,
            }
        }
    }
    if images > MAX_IMAGES {
        return Err(Error::validation(format!(
            "The conversation carries {images} images; Bedrock takes at most {MAX_IMAGES} in one request."
        ))
        .with_hint("Start a new conversation, or remove some images."));
    }
    if documents > MAX_DOCUMENTS {
        return Err(Error::validation(format!(
            "The conversation carries {documents} documents; Bedrock takes at most {MAX_DOCUMENTS} in one request."
        ))
        .with_hint("Start a new conversation, or remove some documents."));
    }
    Ok(())
}

//! Images and documents in Converse messages: the sizes AWS allows (Message.content: at most 20
//! images of 3.75 MB and 8,000 × 8,000 px, at most 5 documents of 4.5 MB), the pixel size read
//! from each image format's header, document names, and the tokens each one counts.
//!
//! Tokens (the emulator's rule, honest and deterministic): an image counts `ceil(w·h / 750)`
//! (Claude's published estimate), at most 1,600; a text-like document (`txt`, `md`, `csv`,
//! `html`) the tokens of its text; a binary one (`pdf`, `doc`, `docx`, `xls`, `xlsx`) a token
//! per 4 bytes, rounded up.

use crate::error::AwsError;
use crate::responder::count_tokens;

/// Most images per request.
pub(super) const MAX_IMAGES: usize = 20;
/// Most documents per request.
pub(super) const MAX_DOCUMENTS: usize = 5;
/// Largest image, in bytes (3.75 MB, decimal, as Strata's core checks it).
pub(super) const MAX_IMAGE_BYTES: usize = 3_750_000;
/// Largest document, in bytes (4.5 MB, decimal, as Strata's core checks it).
pub(super) const MAX_DOCUMENT_BYTES: usize = 4_500_000;
/// Largest image side, in pixels.
pub(super) const MAX_IMAGE_SIDE: u32 = 8000;
/// Most tokens one image counts.
const MAX_IMAGE_TOKENS: u32 = 1600;

pub(super) const IMAGE_FORMATS: &[&str] = &["png", "jpeg", "gif", "webp"];
pub(super) const DOCUMENT_FORMATS: &[&str] = &[
    "pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md",
];

/// The format and pixel size `bytes` start with, if they are a PNG, JPEG, GIF or WebP image.
pub(super) fn sniff(bytes: &[u8]) -> Option<(&'static str, u32, u32)> {
    let be16 = |i: usize| {
        Some(u32::from(u16::from_be_bytes([
            *bytes.get(i)?,
            *bytes.get(i + 1)?,
        ])))
    };
    let le16 = |i: usize| {
        Some(u32::from(u16::from_le_bytes([
            *bytes.get(i)?,
            *bytes.get(i + 1)?,
        ])))
    };
    let le24 = |i: usize| {
        Some(u32::from_le_bytes([
            *bytes.get(i)?,
            *bytes.get(i + 1)?,
            *bytes.get(i + 2)?,
            0,
        ]))
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        let be32 = |i: usize| Some(u32::from_be_bytes(bytes.get(i..i + 4)?.try_into().ok()?));
        return Some(("png", be32(16)?, be32(20)?));
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(("gif", le16(6)?, le16(8)?));
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return match bytes.get(12..16)? {
            b"VP8 " => Some(("webp", le16(26)? & 0x3fff, le16(28)? & 0x3fff)),
            b"VP8L" => {
                let b = |i: usize| bytes.get(21 + i).map(|&x| u32::from(x));
                let (b0, b1, b2, b3) = (b(0)?, b(1)?, b(2)?, b(3)?);
                Some((
                    "webp",
                    1 + (((b1 & 0x3f) << 8) | b0),
                    1 + (((b3 & 0xf) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)),
                ))
            }
            b"VP8X" => Some(("webp", 1 + le24(24)?, 1 + le24(27)?)),
            _ => None,
        };
    }
    if bytes.starts_with(&[0xff, 0xd8]) {
        // Walk the segments to a start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC).
        let mut i = 2;
        while i + 4 <= bytes.len() {
            if bytes[i] != 0xff {
                return None;
            }
            let marker = bytes[i + 1];
            if marker == 0xff {
                i += 1;
                continue;
            }
            let len = be16(i + 2)? as usize;
            if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
                return Some(("jpeg", be16(i + 7)?, be16(i + 5)?));
            }
            i += 2 + len;
        }
    }
    None
}

/// The tokens of a `width` × `height` image.
pub(super) fn image_tokens(width: u32, height: u32) -> u32 {
    let pixels = u64::from(width) * u64::from(height);
    u32::try_from(pixels.div_ceil(750))
        .unwrap_or(u32::MAX)
        .min(MAX_IMAGE_TOKENS)
}

/// The tokens of a document of `format` with `bytes`.
pub(super) fn document_tokens(format: &str, bytes: &[u8]) -> u32 {
    if matches!(format, "txt" | "md" | "csv" | "html") {
        count_tokens(&String::from_utf8_lossy(bytes))
    } else {
        u32::try_from(bytes.len().div_ceil(4)).unwrap_or(u32::MAX)
    }
}

/// Whether `name` is a valid document name: alphanumerics, single whitespace characters,
/// hyphens, parentheses and square brackets (DocumentBlock.name).
pub(super) fn is_valid_document_name(name: &str) -> bool {
    let mut after_space = false;
    name.chars().all(|c| {
        let space = c.is_whitespace();
        let ok = c.is_alphanumeric() || "-()[]".contains(c) || (space && !after_space);
        after_space = space;
        ok
    })
}

/// Checks an image: size, format against its bytes, pixel size. Returns its tokens.
pub(super) fn check_image(at: &str, format: &str, bytes: &[u8]) -> Result<u32, AwsError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(AwsError::validation(format!(
            "The model returned the following errors: {at}.image.source.bytes: image exceeds 3.75 MB maximum: \
             {} bytes > {MAX_IMAGE_BYTES} bytes",
            bytes.len()
        )));
    }
    let Some((actual, width, height)) = sniff(bytes) else {
        return Err(AwsError::validation(format!(
            "The model returned the following errors: {at}.image.source.bytes: Could not process image: the bytes are \
             not a {format} image"
        )));
    };
    if actual != format {
        return Err(AwsError::validation(format!(
            "The model returned the following errors: {at}.image.source.bytes: Image does not match the provided \
             media type image/{format}"
        )));
    }
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(AwsError::validation(format!(
            "The model returned the following errors: {at}.image.source.bytes: image dimensions exceed max allowed \
             size: {MAX_IMAGE_SIDE} pixels ({width} × {height})"
        )));
    }
    Ok(image_tokens(width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_give_format_and_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(sniff(&png), Some(("png", 640, 480)));
        assert_eq!(sniff(b"GIF89a\x20\x00\x10\x00"), Some(("gif", 32, 16)));
        let jpeg = [
            0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 17, 8, 0, 100, 0, 200, 3,
        ];
        assert_eq!(sniff(&jpeg), Some(("jpeg", 200, 100)));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
        webp.extend([99, 0, 0, 49, 0, 0]);
        assert_eq!(sniff(&webp), Some(("webp", 100, 50)));
        assert_eq!(sniff(b"not an image"), None);
        assert_eq!(image_tokens(640, 480), 410);
        assert_eq!(image_tokens(8000, 8000), 1600);
    }

    #[test]
    fn document_names_follow_the_rule() {
        assert!(is_valid_document_name("Report (2026) [draft]-v2"));
        assert!(is_valid_document_name("two words"));
        assert!(!is_valid_document_name("two  spaces"));
        assert!(!is_valid_document_name("report.pdf"));
        assert!(!is_valid_document_name("a_b"));
    }
}

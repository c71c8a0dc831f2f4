//! The constraints AWS documents for inference profile names, descriptions and tags, and the
//! `ValidationException` messages it sends when they are broken.
//!
//! | field | length | pattern |
//! |---|---|---|
//! | `inferenceProfileName` | 1–64 | `([0-9a-zA-Z][ _-]?)+` |
//! | `description` | 1–200 | `([0-9a-zA-Z:.][ _-]?)+` |
//! | tag key | 1–128 | `[a-zA-Z0-9\s._:/=+@-]*` |
//! | tag value | 0–256 | `[a-zA-Z0-9\s._:/=+@-]*` |
//!
//! The patterns must match the whole value. A resource carries at most [`MAX_TAGS`] tags.

use crate::error::AwsError;

/// The documented pattern of inference profile names.
pub(crate) const NAME_PATTERN: &str = "([0-9a-zA-Z][ _-]?)+";
/// The documented pattern of inference profile descriptions.
pub(crate) const DESCRIPTION_PATTERN: &str = "([0-9a-zA-Z:.][ _-]?)+";
/// The documented pattern of tag keys and values.
pub(crate) const TAG_PATTERN: &str = r"[a-zA-Z0-9\s._:/=+@-]*";
/// The documented pattern of `clientRequestToken`.
pub(crate) const CLIENT_REQUEST_TOKEN_PATTERN: &str =
    "[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?";
/// Most tags one resource may carry (`TooManyTagsException` beyond).
pub(crate) const MAX_TAGS: usize = 50;
/// Most tags one request may list (a model constraint, `ValidationException` beyond).
pub(crate) const MAX_TAGS_PER_REQUEST: usize = 200;

/// `(M S?)+` over the whole string: starts with a main character, only main and separator
/// characters, never two separators in a row.
fn matches_runs(value: &str, main: fn(char) -> bool, separator: fn(char) -> bool) -> bool {
    let mut after_main = false;
    for c in value.chars() {
        if main(c) {
            after_main = true;
        } else if separator(c) && after_main {
            after_main = false;
        } else {
            return false;
        }
    }
    !value.is_empty()
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_description_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == ':' || c == '.'
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '_' | '-')
}

/// Java's `\s`: space, tab, newline, vertical tab, form feed, carriage return.
fn is_tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            ' ' | '\t'
                | '\n'
                | '\x0B'
                | '\x0C'
                | '\r'
                | '.'
                | '_'
                | ':'
                | '/'
                | '='
                | '+'
                | '@'
                | '-'
        )
}

fn char_len(value: &str) -> usize {
    value.chars().count()
}

/// True when `name` is a valid `inferenceProfileName` (1–64 characters of `([0-9a-zA-Z][ _-]?)+`).
pub fn is_valid_profile_name(name: &str) -> bool {
    (1..=64).contains(&char_len(name)) && matches_runs(name, is_name_char, is_separator)
}

/// True when `description` is a valid inference profile description (1–200 characters of `([0-9a-zA-Z:.][ _-]?)+`).
pub fn is_valid_description(description: &str) -> bool {
    (1..=200).contains(&char_len(description))
        && matches_runs(description, is_description_char, is_separator)
}

/// True when `key` is a valid tag key (1–128 characters of `[a-zA-Z0-9\s._:/=+@-]`).
pub fn is_valid_tag_key(key: &str) -> bool {
    (1..=128).contains(&char_len(key)) && key.chars().all(is_tag_char)
}

/// True when `value` is a valid tag value (0–256 characters of `[a-zA-Z0-9\s._:/=+@-]`).
pub fn is_valid_tag_value(value: &str) -> bool {
    char_len(value) <= 256 && value.chars().all(is_tag_char)
}

/// True when `token` is a valid `clientRequestToken` (1–256, [`CLIENT_REQUEST_TOKEN_PATTERN`]).
pub(crate) fn is_valid_client_request_token(token: &str) -> bool {
    (1..=256).contains(&char_len(token))
        && token.starts_with(|c: char| c.is_ascii_alphanumeric())
        && token.ends_with(|c: char| c.is_ascii_alphanumeric())
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Collects constraint violations and turns them into AWS's "N validation errors detected" message.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<String>);

impl Violations {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, value: &str, at: &str, constraint: &str) {
        self.0.push(format!(
            "Value '{value}' at '{at}' failed to satisfy constraint: Member must {constraint}"
        ));
    }

    /// Checks a string member: length `min..=max` (in characters) and a pattern predicate.
    pub(crate) fn string(
        &mut self,
        value: &str,
        at: &str,
        min: usize,
        max: usize,
        pattern: &str,
        ok: fn(&str) -> bool,
    ) {
        let len = char_len(value);
        if len < min {
            self.push(
                value,
                at,
                &format!("have length greater than or equal to {min}"),
            );
        } else if len > max {
            self.push(
                value,
                at,
                &format!("have length less than or equal to {max}"),
            );
        } else if !ok(value) {
            self.push(
                value,
                at,
                &format!("satisfy regular expression pattern: {pattern}"),
            );
        }
    }

    pub(crate) fn name(&mut self, value: &str, at: &str) {
        self.string(value, at, 1, 64, NAME_PATTERN, |v| {
            matches_runs(v, is_name_char, is_separator)
        });
    }

    pub(crate) fn description(&mut self, value: &str, at: &str) {
        self.string(value, at, 1, 200, DESCRIPTION_PATTERN, |v| {
            matches_runs(v, is_description_char, is_separator)
        });
    }

    pub(crate) fn tag_key(&mut self, value: &str, at: &str) {
        self.string(value, at, 1, 128, TAG_PATTERN, |v| {
            v.chars().all(is_tag_char)
        });
    }

    pub(crate) fn tag_value(&mut self, value: &str, at: &str) {
        self.string(value, at, 0, 256, TAG_PATTERN, |v| {
            v.chars().all(is_tag_char)
        });
    }

    pub(crate) fn client_request_token(&mut self, value: &str, at: &str) {
        self.string(
            value,
            at,
            1,
            256,
            CLIENT_REQUEST_TOKEN_PATTERN,
            is_valid_client_request_token,
        );
    }

    /// A violation worded in full by the caller.
    pub(crate) fn push_raw(&mut self, message: &str) {
        self.0.push(message.to_owned());
    }

    /// A list member with at most `max` items.
    pub(crate) fn list_len(&mut self, len: usize, at: &str, max: usize) {
        if len > max {
            self.0.push(format!(
                "Value at '{at}' failed to satisfy constraint: Member must have length less than or equal to {max}"
            ));
        }
    }

    /// A required member that is absent.
    pub(crate) fn missing(&mut self, at: &str) {
        self.0.push(format!(
            "Value null at '{at}' failed to satisfy constraint: Member must not be null"
        ));
    }

    /// An integer member below `min` or above `max`.
    pub(crate) fn range(&mut self, value: i64, at: &str, min: i64, max: i64) {
        if value < min {
            self.push(
                &value.to_string(),
                at,
                &format!("have value greater than or equal to {min}"),
            );
        } else if value > max {
            self.push(
                &value.to_string(),
                at,
                &format!("have value less than or equal to {max}"),
            );
        }
    }

    /// An enum member outside its value set.
    pub(crate) fn one_of(&mut self, value: &str, at: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.push(
                value,
                at,
                &format!("satisfy enum value set: [{}]", allowed.join(", ")),
            );
        }
    }

    /// `Err(ValidationException)` when anything was collected.
    pub(crate) fn finish(self) -> Result<(), AwsError> {
        match self.0.len() {
            0 => Ok(()),
            1 => Err(AwsError::validation(format!(
                "1 validation error detected: {}",
                self.0[0]
            ))),
            n => Err(AwsError::validation(format!(
                "{n} validation errors detected: {}",
                self.0.join("; ")
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_pattern() {
        assert!(is_valid_profile_name("custom-bedrock-profile"));
        assert!(is_valid_profile_name("a"));
        assert!(is_valid_profile_name("a-"));
        assert!(is_valid_profile_name("My Profile_2"));
        assert!(!is_valid_profile_name(""));
        assert!(!is_valid_profile_name("-a"));
        assert!(!is_valid_profile_name("a--b"));
        assert!(!is_valid_profile_name("a - b"));
        assert!(!is_valid_profile_name("a.b"));
        assert!(!is_valid_profile_name(&"a".repeat(65)));
        assert!(is_valid_profile_name(&"a".repeat(64)));
    }

    #[test]
    fn descriptions_reject_the_guide_dash() {
        assert!(is_valid_description("Claude 3.5 Sonnet for Project Alpha"));
        assert!(!is_valid_description("Project Alpha - Claude Sonnet"));
        assert!(!is_valid_description("Commas, not allowed"));
    }

    #[test]
    fn violations_format_like_aws() {
        let mut v = Violations::new();
        v.name("a--b", "inferenceProfileName");
        let err = v.finish().err().map(|e| e.message).unwrap_or_default();
        assert_eq!(
            err,
            "1 validation error detected: Value 'a--b' at 'inferenceProfileName' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: ([0-9a-zA-Z][ _-]?)+"
        );
    }
}

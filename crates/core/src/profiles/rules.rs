//! AWS's input rules for application inference profiles, checked before any call, with the
//! nearest text AWS would accept. The UI's TypeScript rules implement the same contract; both run
//! the shared vectors of `rule_cases.json`.
//!
//! Positions are 0-based indexes in Unicode code points; messages say them 1-based.

use super::arns::parse_bedrock_arn;
use super::{DraftField, FieldProblem, ProfileDraft};
use crate::catalog::Tag;
use crate::error::{Error, ErrorKind};

/// Longest `inferenceProfileName`.
pub const NAME_MAX: usize = 64;
/// Longest `description`.
pub const DESCRIPTION_MAX: usize = 200;
/// Longest tag key.
pub const TAG_KEY_MAX: usize = 128;
/// Longest tag value.
pub const TAG_VALUE_MAX: usize = 256;
/// Most tags one profile may carry.
pub const MAX_TAGS: usize = 50;
/// Most tag keys one UntagResource request may list (botocore's `TagKeyList`).
pub const MAX_TAG_KEYS_PER_REQUEST: usize = 200;
/// Longest model source ARN, and identifier (botocore's `InferenceProfileModelSourceArn`,
/// `InferenceProfileIdentifier`).
pub const IDENTIFIER_MAX: usize = 2048;
/// Longest `clientRequestToken`.
pub const CLIENT_REQUEST_TOKEN_MAX: usize = 256;

/// The least-privilege IAM policy statement for the Profiles features (the screen and
/// `strata profiles`), as the access-denied hint shows it, ready to copy.
pub const PROFILES_POLICY: &str = r#"{
    "Effect": "Allow",
    "Action": [
        "bedrock:CreateInferenceProfile",
        "bedrock:GetInferenceProfile",
        "bedrock:ListInferenceProfiles",
        "bedrock:DeleteInferenceProfile",
        "bedrock:TagResource",
        "bedrock:UntagResource",
        "bedrock:ListTagsForResource",
        "bedrock:ListFoundationModels"
    ],
    "Resource": "*"
}"#;

fn is_name_main(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_description_main(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == ':' || c == '.'
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '_' | '-')
}

/// The characters of tag keys and values: `[a-zA-Z0-9\s._:/=+@-]`, with Java's `\s` (space,
/// tab, line feed, vertical tab, form feed, carriage return).
pub fn is_tag_char(c: char) -> bool {
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

pub(super) fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.')
}

/// A character as a message names it: `"("`, `a space`, `"é" (U+00E9)`, `U+0007`.
pub(super) fn show(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_control() => format!("U+{:04X}", u32::from(c)),
        c if c.is_ascii() => format!("\"{c}\""),
        c => format!("\"{c}\" (U+{:04X})", u32::from(c)),
    }
}

/// `show` at the start of a sentence.
fn show_capitalized(c: char) -> String {
    let mut text = show(c);
    if let Some(first) = text.get(..1) {
        let upper = first.to_ascii_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}

fn pos(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Removes accents: NFD, then drops the combining diacritical marks U+0300–U+036F.
fn strip_diacritics(text: &str) -> String {
    icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
        .normalize(text)
        .chars()
        .filter(|c| !('\u{300}'..='\u{36F}').contains(c))
        .collect()
}

/// What a name or a description is made of.
struct RunRule {
    /// "A name", "A description".
    what: &'static str,
    /// "letters and digits", "letters, digits, \":\" and \".\"".
    main_words: &'static str,
    main: fn(char) -> bool,
    max: usize,
    /// What a character that is not allowed becomes in the suggestion.
    replacement: char,
    /// Descriptions turn a run holding `-` and a space into `": "`.
    colon_runs: bool,
}

const NAME_RULE: RunRule = RunRule {
    what: "A name",
    main_words: "letters and digits",
    main: is_name_main,
    max: NAME_MAX,
    replacement: '-',
    colon_runs: false,
};

const DESCRIPTION_RULE: RunRule = RunRule {
    what: "A description",
    main_words: "letters, digits, \":\" and \".\"",
    main: is_description_main,
    max: DESCRIPTION_MAX,
    replacement: ' ',
    colon_runs: true,
};

/// The first problem of `text` under `(M S?)+` and the length limit: (position, message).
fn first_run_problem(text: &[char], rule: &RunRule) -> Option<(Option<u32>, String)> {
    if text.is_empty() {
        return Some((None, format!("{} is required.", rule.what)));
    }
    let allowed = format!(
        "{} may hold only {}, with single spaces, \"_\" or \"-\" between them",
        rule.what.to_lowercase(),
        rule.main_words
    );
    for (i, &c) in text.iter().enumerate().take(rule.max) {
        if (rule.main)(c) {
            continue;
        }
        if !is_separator(c) {
            return Some((
                Some(pos(i)),
                format!(
                    "{} at character {} is not allowed: {allowed}.",
                    show_capitalized(c),
                    i + 1
                ),
            ));
        }
        if i == 0 {
            return Some((
                Some(0),
                format!(
                    "{} must start with {}, not {}.",
                    rule.what,
                    if rule.colon_runs {
                        "a letter, a digit, \":\" or \".\""
                    } else {
                        "a letter or a digit"
                    },
                    show(c)
                ),
            ));
        }
        let before = text[i - 1];
        if is_separator(before) {
            return Some((
                Some(pos(i)),
                format!(
                    "{} at character {} follows {}: a space, \"_\" or \"-\" must follow one of {}.",
                    show_capitalized(c),
                    i + 1,
                    show(before),
                    rule.main_words
                ),
            ));
        }
    }
    if text.len() > rule.max {
        return Some((
            Some(pos(rule.max)),
            format!(
                "It is {} characters long; {} may have at most {}.",
                text.len(),
                rule.what.to_lowercase(),
                rule.max
            ),
        ));
    }
    None
}

/// The nearest text `rule` accepts (see the contract's steps); `None` when nothing is left or
/// nothing changes.
fn suggest_run(text: &str, rule: &RunRule) -> Option<String> {
    // 0 and 1: no accents; every other character not allowed becomes a separator.
    let chars: Vec<char> = strip_diacritics(text)
        .chars()
        .map(|c| {
            if (rule.main)(c) || is_separator(c) {
                c
            } else {
                rule.replacement
            }
        })
        .collect();
    // 2: a run of two or more separators becomes one.
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_separator(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_separator(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        if run.len() == 1 {
            out.push(run[0]);
            continue;
        }
        let dash = run.contains(&'-');
        if rule.colon_runs && dash && run.contains(&' ') {
            out.extend([':', ' ']);
        } else if dash {
            out.push('-');
        } else {
            out.push(run[0]);
        }
    }
    // 3 and 4: no separator at either end, at most the maximum length.
    let trim = |v: &mut Vec<char>| {
        while v.last().is_some_and(|&c| is_separator(c)) {
            v.pop();
        }
    };
    trim(&mut out);
    let lead = out.iter().take_while(|&&c| is_separator(c)).count();
    out.drain(..lead);
    out.truncate(rule.max);
    trim(&mut out);
    let suggestion: String = out.into_iter().collect();
    (!suggestion.is_empty() && suggestion != text).then_some(suggestion)
}

fn run_problem(field: DraftField, text: &str, rule: &RunRule) -> Option<FieldProblem> {
    let chars: Vec<char> = text.chars().collect();
    let (position, message) = first_run_problem(&chars, rule)?;
    Some(FieldProblem {
        field,
        tag_index: None,
        message,
        position,
        suggestion: suggest_run(text, rule),
    })
}

/// What AWS would refuse in an `inferenceProfileName` (required; 1–64 characters of
/// `([0-9a-zA-Z][ _-]?)+`), with the nearest name it accepts.
pub fn check_name(name: &str) -> Option<FieldProblem> {
    run_problem(DraftField::Name, name, &NAME_RULE)
}

/// What AWS would refuse in a `description` (optional: empty is none; else 1–200 characters of
/// `([0-9a-zA-Z:.][ _-]?)+`), with the nearest description it accepts.
pub fn check_description(description: &str) -> Option<FieldProblem> {
    if description.is_empty() {
        return None;
    }
    run_problem(DraftField::Description, description, &DESCRIPTION_RULE)
}

/// True when AWS accepts `name` as an `inferenceProfileName`.
pub fn is_valid_name(name: &str) -> bool {
    check_name(name).is_none()
}

/// The first character of `text` outside the tag set, or the first one past `max`.
fn first_tag_problem(text: &[char], max: usize, what: &str) -> Option<(u32, String)> {
    if let Some(i) = text.iter().take(max).position(|&c| !is_tag_char(c)) {
        return Some((
            pos(i),
            format!(
                "{} at character {} is not allowed: {what} may hold only letters, digits, spaces \
                 and . _ : / = + @ -",
                show_capitalized(text[i]),
                i + 1
            ),
        ));
    }
    (text.len() > max).then(|| {
        (
            pos(max),
            format!(
                "It is {} characters long; {what} may have at most {max}.",
                text.len()
            ),
        )
    })
}

/// The nearest tag text: no accents, no character outside the set, at most `max`.
fn suggest_tag_text(text: &str, max: usize) -> String {
    strip_diacritics(text)
        .chars()
        .filter(|&c| is_tag_char(c))
        .take(max)
        .collect()
}

/// True when `key` starts with AWS's reserved prefix `aws:` (in any case).
pub fn is_reserved_key(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

/// What AWS would refuse in one tag key (1–128 characters of the tag set, not starting with
/// `aws:`); `index` is the tag's place in its list.
pub fn check_tag_key(key: &str, index: usize) -> Option<FieldProblem> {
    let problem = |message: String, position, suggestion| FieldProblem {
        field: DraftField::TagKey,
        tag_index: Some(pos(index)),
        message,
        position,
        suggestion,
    };
    if key.is_empty() {
        return Some(problem("A tag key is required.".to_owned(), None, None));
    }
    if is_reserved_key(key) {
        return Some(problem(
            "Tag keys starting with \"aws:\" (in any case) are reserved for AWS.".to_owned(),
            Some(0),
            None,
        ));
    }
    let chars: Vec<char> = key.chars().collect();
    let (position, message) = first_tag_problem(&chars, TAG_KEY_MAX, "a tag key")?;
    let suggestion = suggest_tag_text(key, TAG_KEY_MAX);
    let suggestion = (!suggestion.is_empty() && suggestion != key).then_some(suggestion);
    Some(problem(message, Some(position), suggestion))
}

/// What AWS would refuse in one tag value (0–256 characters of the tag set); `index` is the
/// tag's place in its list.
pub fn check_tag_value(value: &str, index: usize) -> Option<FieldProblem> {
    let chars: Vec<char> = value.chars().collect();
    let (position, message) = first_tag_problem(&chars, TAG_VALUE_MAX, "a tag value")?;
    let suggestion = suggest_tag_text(value, TAG_VALUE_MAX);
    Some(FieldProblem {
        field: DraftField::TagValue,
        tag_index: Some(pos(index)),
        message,
        position: Some(position),
        suggestion: (suggestion != value).then_some(suggestion),
    })
}

/// Everything AWS would refuse in a tag list (keys, values, reserved `aws:` keys, duplicates, at
/// most 50).
pub fn check_tags(tags: &[Tag]) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if tags.len() > MAX_TAGS {
        problems.push(FieldProblem {
            field: DraftField::Tags,
            tag_index: None,
            message: format!(
                "There are {} tags; a profile may have at most {MAX_TAGS}.",
                tags.len()
            ),
            position: None,
            suggestion: None,
        });
    }
    for (i, tag) in tags.iter().enumerate() {
        let key_problem = check_tag_key(&tag.key, i).or_else(|| {
            let first = tags[..i].iter().position(|t| t.key == tag.key)?;
            Some(FieldProblem {
                field: DraftField::TagKey,
                tag_index: Some(pos(i)),
                message: format!(
                    "The key \"{}\" is already used by tag {}: keys must be unique (they are \
                     case-sensitive).",
                    tag.key,
                    first + 1
                ),
                position: None,
                suggestion: None,
            })
        });
        problems.extend(key_problem);
        problems.extend(check_tag_value(&tag.value, i));
    }
    problems
}

/// What AWS would refuse in the tag keys of an UntagResource request.
pub fn check_tag_keys(keys: &[String]) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if keys.len() > MAX_TAG_KEYS_PER_REQUEST {
        problems.push(FieldProblem {
            field: DraftField::Tags,
            tag_index: None,
            message: format!(
                "There are {} tag keys; one request may remove at most {MAX_TAG_KEYS_PER_REQUEST}.",
                keys.len()
            ),
            position: None,
            suggestion: None,
        });
    }
    for (i, key) in keys.iter().enumerate() {
        problems.extend(check_tag_key(key, i));
    }
    problems
}

/// What AWS would refuse in a model source: required; a foundation-model or inference-profile
/// ARN, or a bare model id or system profile id `[a-zA-Z0-9-:.]+` (up to 2,048 characters).
pub fn check_source(source: &str) -> Option<FieldProblem> {
    let problem = |message: String, position: Option<u32>| FieldProblem {
        field: DraftField::Source,
        tag_index: None,
        message,
        position,
        suggestion: None,
    };
    if source.is_empty() {
        return Some(problem(
            "Choose the foundation model or cross-region profile to copy.".to_owned(),
            None,
        ));
    }
    let length = source.chars().count();
    if length > IDENTIFIER_MAX {
        return Some(problem(
            format!("It is {length} characters long; a source may have at most {IDENTIFIER_MAX}."),
            Some(pos(IDENTIFIER_MAX)),
        ));
    }
    if source.starts_with("arn:") {
        return match parse_bedrock_arn(source) {
            Some(arn) if arn.resource_type == "application-inference-profile" => Some(problem(
                "An application inference profile cannot be copied: copy its foundation model or \
                 cross-region profile instead."
                    .to_owned(),
                None,
            )),
            Some(_) => None,
            None => Some(problem(
                format!(
                    "\"{source}\" is not a foundation-model or inference-profile ARN \
                     (arn:aws:bedrock:REGION::foundation-model/MODEL_ID or \
                     arn:aws:bedrock:REGION:ACCOUNT:inference-profile/PROFILE_ID)."
                ),
                None,
            )),
        };
    }
    let (i, c) = source.chars().enumerate().find(|&(_, c)| !is_id_char(c))?;
    Some(problem(
        format!(
            "{} at character {} is not allowed in a model or profile id: ids hold only letters, \
             digits, \"-\", \":\" and \".\" (or give the ARN).",
            show_capitalized(c),
            i + 1
        ),
        Some(pos(i)),
    ))
}

/// Everything AWS would refuse in `draft`, in field order; empty when it would be accepted.
pub fn check_draft(draft: &ProfileDraft) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    problems.extend(check_name(&draft.name));
    problems.extend(check_description(&draft.description));
    problems.extend(check_source(&draft.source));
    problems.extend(check_tags(&draft.tags));
    problems
}

/// How a problem's field is named in a message: `Name`, `Tag 2 key`.
fn field_label(problem: &FieldProblem) -> String {
    let tag = problem.tag_index.map(|i| u64::from(i) + 1).unwrap_or(0);
    match problem.field {
        DraftField::Name => "Name".to_owned(),
        DraftField::Description => "Description".to_owned(),
        DraftField::Source => "Source".to_owned(),
        DraftField::Tags => "Tags".to_owned(),
        DraftField::TagKey => format!("Tag {tag} key"),
        DraftField::TagValue => format!("Tag {tag} value"),
    }
}

/// The validation error for `problems` (not empty): its message lists every one, its hint
/// offers the first suggestion. Nothing has been sent when it is returned.
pub fn problems_error(problems: &[FieldProblem]) -> Error {
    let message = problems
        .iter()
        .map(|p| format!("{}: {}", field_label(p), p.message))
        .collect::<Vec<_>>()
        .join(" ");
    let hint = match problems.iter().find(|p| p.suggestion.is_some()) {
        Some(p) => format!(
            "AWS would accept: \"{}\" ({}). Nothing was sent to AWS.",
            p.suggestion.as_deref().unwrap_or_default(),
            field_label(p).to_lowercase()
        ),
        None => "Nothing was sent to AWS: correct the input and try again.".to_owned(),
    };
    Error::new(ErrorKind::Validation, message).with_hint(hint)
}

#[cfg(test)]
mod tests;

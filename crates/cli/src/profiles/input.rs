//! The AWS CLI's ways of giving a structured flag: JSON (`{"copyFrom":"ARN"}`,
//! `[{"key":"K","value":"V"}]`), the shorthand `copyFrom=ARN`, and `file://PATH` for either.
//! A value that is none of these is a usage error naming the flag (clap adds the flag's name).

use serde_json::Value;
use strata_core::Tag;

/// The text of `value`, read from the file when it is `file://PATH` (as the AWS CLI does).
fn text_of(value: &str) -> Result<String, String> {
    match value.strip_prefix("file://") {
        Some(path) => std::fs::read_to_string(path)
            .map(|t| t.trim_end().to_owned())
            .map_err(|e| format!("cannot read {path}: {e}")),
        None => Ok(value.to_owned()),
    }
}

fn json_of(text: &str, expected: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e}); expected {expected}"))
}

/// `--model-source`: `{"copyFrom": "ARN"}`, `copyFrom=ARN` or `file://PATH`; the ARN (or id).
pub(crate) fn model_source(value: &str) -> Result<String, String> {
    const EXPECTED: &str = "{\"copyFrom\":\"ARN\"} or copyFrom=ARN";
    let text = text_of(value)?;
    let trimmed = text.trim();
    if let Some(arn) = trimmed.strip_prefix("copyFrom=") {
        return non_empty(arn, EXPECTED);
    }
    let Value::Object(object) = json_of(trimmed, EXPECTED)? else {
        return Err(format!("expected {EXPECTED}"));
    };
    if let Some(unknown) = object.keys().find(|k| *k != "copyFrom") {
        return Err(format!(
            "unknown parameter {unknown:?}, must be one of: copyFrom"
        ));
    }
    match object.get("copyFrom") {
        Some(Value::String(arn)) => non_empty(arn, EXPECTED),
        Some(_) => Err("\"copyFrom\" must be a string (the ARN to copy)".to_owned()),
        None => Err(format!("\"copyFrom\" is missing; expected {EXPECTED}")),
    }
}

fn non_empty(text: &str, expected: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err(format!("the ARN is empty; expected {expected}"))
    } else {
        Ok(text.to_owned())
    }
}

/// The tags of one `--tags` flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagList(pub(crate) Vec<Tag>);

/// `--tags` for clap.
pub(crate) fn tag_list(value: &str) -> Result<TagList, String> {
    tags(value).map(TagList)
}

/// `--tags`: `[{"key": "K", "value": "V"}, …]` or `file://PATH`, as the AWS CLI takes them.
pub(crate) fn tags(value: &str) -> Result<Vec<Tag>, String> {
    const EXPECTED: &str = "[{\"key\":\"KEY\",\"value\":\"VALUE\"}, …]";
    let text = text_of(value)?;
    let Value::Array(items) = json_of(text.trim(), EXPECTED)? else {
        return Err(format!("expected a JSON list: {EXPECTED}"));
    };
    let mut tags = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::Object(object) = item else {
            return Err(format!("tags[{i}] is not an object; expected {EXPECTED}"));
        };
        if let Some(unknown) = object.keys().find(|k| *k != "key" && *k != "value") {
            return Err(format!(
                "unknown parameter in tags[{i}]: {unknown:?}, must be one of: key, value"
            ));
        }
        let field = |name: &str| match object.get(name) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(format!("tags[{i}].{name} must be a string")),
            None => Err(format!("tags[{i}] is missing {name:?}")),
        };
        tags.push(Tag {
            key: field("key")?,
            value: field("value")?,
        });
    }
    Ok(tags)
}

/// `--tag-keys`: one or more keys, or the AWS CLI's JSON list `["K1","K2"]` (or `file://`).
pub(crate) fn tag_keys(values: &[String]) -> Result<Vec<String>, String> {
    if let [one] = values {
        let text = text_of(one)?;
        if text.trim_start().starts_with('[') {
            let Value::Array(items) = json_of(text.trim(), "[\"KEY\", …]")? else {
                return Err("expected a JSON list of keys".to_owned());
            };
            return items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    other => Err(format!("every key must be a string, not {other}")),
                })
                .collect();
        }
        return Ok(vec![text]);
    }
    Ok(values.to_vec())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn model_source_takes_json_shorthand_and_files() {
        let arn =
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
        assert_eq!(
            model_source(&format!("{{\"copyFrom\":\"{arn}\"}}")).unwrap(),
            arn
        );
        assert_eq!(model_source(&format!("copyFrom={arn}")).unwrap(), arn);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("source.json");
        std::fs::write(&path, format!("{{\"copyFrom\": \"{arn}\"}}\n")).unwrap();
        assert_eq!(
            model_source(&format!("file://{}", path.display())).unwrap(),
            arn
        );
        assert!(model_source("{\"copyfrom\":\"x\"}")
            .unwrap_err()
            .contains("copyfrom"));
        assert!(model_source("{copyFrom:")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(model_source("file:///no/such/file")
            .unwrap_err()
            .contains("cannot read"));
    }

    #[test]
    fn tags_take_the_aws_cli_list() {
        let tags = tags(r#"[{"key":"Project","value":"Alpha"},{"key":"Env","value":""}]"#).unwrap();
        assert_eq!(tags.len(), 2);
        assert_eq!(
            (tags[0].key.as_str(), tags[0].value.as_str()),
            ("Project", "Alpha")
        );
        assert!(super::tags(r#"[{"Key":"P","Value":"A"}]"#)
            .unwrap_err()
            .contains("\"Key\""));
        assert!(super::tags(r#"{"key":"P"}"#)
            .unwrap_err()
            .contains("JSON list"));
        assert!(super::tags(r#"[{"key":"P"}]"#)
            .unwrap_err()
            .contains("missing \"value\""));
    }

    #[test]
    fn tag_keys_take_words_or_a_json_list() {
        assert_eq!(tag_keys(&["A".into(), "B".into()]).unwrap(), ["A", "B"]);
        assert_eq!(tag_keys(&["[\"A\",\"B\"]".into()]).unwrap(), ["A", "B"]);
        assert_eq!(tag_keys(&["A".into()]).unwrap(), ["A"]);
    }
}

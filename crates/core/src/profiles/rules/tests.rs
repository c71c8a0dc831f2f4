//! The rules against the shared vectors and AWS's documented limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::profiles::arns::*;

/// The shared vectors (the UI's Vitest reads the same file).
const CASES: &str = include_str!("../rule_cases.json");

#[derive(serde::Deserialize)]
struct Case {
    input: String,
    valid: bool,
    position: Option<u32>,
    suggestion: Option<String>,
}

fn cases(field: &str) -> Vec<Case> {
    let all: serde_json::Value = serde_json::from_str(CASES).unwrap();
    serde_json::from_value(all[field].clone()).unwrap()
}

fn run(field: &str, check: impl Fn(&str) -> Option<FieldProblem>) {
    let cases = cases(field);
    assert!(cases.len() >= 12, "{field}: {} cases", cases.len());
    for case in cases {
        let problem = check(&case.input);
        assert_eq!(
            problem.is_none(),
            case.valid,
            "{field} {:?}: {problem:?}",
            case.input
        );
        let (position, suggestion) = problem
            .map(|p| (p.position, p.suggestion))
            .unwrap_or((None, None));
        assert_eq!(position, case.position, "{field} {:?} position", case.input);
        assert_eq!(
            suggestion, case.suggestion,
            "{field} {:?} suggestion",
            case.input
        );
    }
}

#[test]
fn the_shared_cases_hold_for_names() {
    run("name", check_name);
}

#[test]
fn the_shared_cases_hold_for_descriptions() {
    run("description", check_description);
}

#[test]
fn the_shared_cases_hold_for_tag_keys() {
    run("tagKey", |k| check_tag_key(k, 0));
}

#[test]
fn the_shared_cases_hold_for_tag_values() {
    run("tagValue", |v| check_tag_value(v, 0));
}

#[test]
fn the_guide_description_names_the_character_and_offers_the_nearest_text() {
    let p = check_description("Project Alpha - Claude 3.5 Sonnet").unwrap();
    assert_eq!(p.field, DraftField::Description);
    assert_eq!(p.position, Some(14));
    assert!(
        p.message
            .starts_with("\"-\" at character 15 follows a space"),
        "{}",
        p.message
    );
    assert_eq!(
        p.suggestion.as_deref(),
        Some("Project Alpha: Claude 3.5 Sonnet")
    );
    let p = check_name("Project Alpha (Sonnet)").unwrap();
    assert!(
        p.message
            .starts_with("\"(\" at character 15 is not allowed"),
        "{}",
        p.message
    );
    let p = check_name(&"a".repeat(70)).unwrap();
    assert!(
        p.message.contains("70") && p.message.contains("64"),
        "{}",
        p.message
    );
}

#[test]
fn tag_lists_refuse_duplicates_reserved_keys_and_more_than_fifty() {
    let tag = |k: &str, v: &str| Tag {
        key: k.into(),
        value: v.into(),
    };
    assert!(check_tags(&[tag("Project", "Alpha"), tag("project", "Beta")]).is_empty());
    let problems = check_tags(&[
        tag("Project", "Alpha"),
        tag("aws:createdBy", "me"),
        tag("Project", "Beta"),
    ]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        (
            problems[0].field,
            problems[0].tag_index,
            problems[0].position
        ),
        (DraftField::TagKey, Some(1), Some(0))
    );
    assert_eq!(
        (problems[1].field, problems[1].tag_index),
        (DraftField::TagKey, Some(2))
    );
    assert!(
        problems[1].message.contains("tag 1"),
        "{}",
        problems[1].message
    );

    let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i}"), "v")).collect();
    assert!(check_tags(&fifty).is_empty());
    let mut fifty_one = fifty;
    fifty_one.push(tag("k50", "v"));
    let problems = check_tags(&fifty_one);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (
            problems[0].field,
            problems[0].tag_index,
            problems[0].position
        ),
        (DraftField::Tags, None, None)
    );
}

#[test]
fn sources_are_arns_or_ids_but_not_application_profiles() {
    let haiku = "anthropic.claude-3-haiku-20240307-v1:0";
    assert_eq!(check_source(haiku), None);
    assert_eq!(
        check_source("us.anthropic.claude-3-haiku-20240307-v1:0"),
        None
    );
    assert_eq!(
        check_source(&format!(
            "arn:aws:bedrock:us-east-1::foundation-model/{haiku}"
        )),
        None
    );
    assert_eq!(
        check_source(&format!(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{haiku}"
        )),
        None
    );
    let p = check_source("").unwrap();
    assert_eq!((p.field, p.position), (DraftField::Source, None));
    let p = check_source(
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
    )
    .unwrap();
    assert!(p.message.contains("cannot be copied"), "{}", p.message);
    assert!(check_source("arn:aws:s3:::bucket").is_some());
    assert_eq!(check_source("claude 3").unwrap().position, Some(6));
}

#[test]
fn a_draft_lists_every_problem_in_field_order_and_the_error_offers_the_first_suggestion() {
    let draft = ProfileDraft {
        name: "Project Alpha (Sonnet)".into(),
        description: "Project Alpha - Claude 3.5 Sonnet".into(),
        source: String::new(),
        tags: vec![Tag {
            key: "AWS:team".into(),
            value: "x".into(),
        }],
    };
    let problems = check_draft(&draft);
    let fields: Vec<DraftField> = problems.iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        [
            DraftField::Name,
            DraftField::Description,
            DraftField::Source,
            DraftField::TagKey
        ]
    );
    let e = problems_error(&problems);
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(
        e.message()
            .contains("Description: \"-\" at character 15 follows a space"),
        "{e}"
    );
    assert!(e.message().contains("Tag 1 key: "), "{e}");
    assert!(
        e.hint()
            .unwrap()
            .starts_with("AWS would accept: \"Project Alpha-Sonnet\""),
        "{:?}",
        e.hint()
    );
    let ok = ProfileDraft {
        name: "Project Alpha-Sonnet".into(),
        description: "Project Alpha: Claude 3.5 Sonnet".into(),
        source: "anthropic.claude-3-haiku-20240307-v1:0".into(),
        tags: Vec::new(),
    };
    assert!(check_draft(&ok).is_empty());
}

#[test]
fn identifiers_follow_botocore_pattern() {
    for ok in [
        "a1b2c3d4e5f6",
        "us.anthropic.claude-3-haiku-20240307-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
        "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.x:0",
    ] {
        assert_eq!(check_identifier(ok), Ok(()), "{ok}");
    }
    for bad in [
        "",
        "my profile",
        "arn:aws:bedrock:us-east-1::foundation-model/x",
        "arn:aws:bedrock:us-east-1:1234:application-inference-profile/x",
        "arn:aws:s3:::bucket",
    ] {
        let e = check_identifier(bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{bad}");
    }
    assert!(check_resource_arn(
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
    )
    .is_ok());
    assert!(
        check_resource_arn("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x:0")
            .is_err()
    );
    assert!(check_resource_arn("a1b2c3d4e5f6").is_err());
}

#[test]
fn client_request_tokens_follow_the_idempotency_token_pattern() {
    assert!(check_client_request_token("0b6f6c0e-4f0a-4c3a-9d56-9b0e5f2f3a11").is_ok());
    assert!(check_client_request_token("a").is_ok());
    for bad in ["", "-a", "a-", "a b", &"a".repeat(257)] {
        assert!(check_client_request_token(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_policy_statement_is_json_with_every_action_the_features_use() {
    let v: serde_json::Value = serde_json::from_str(PROFILES_POLICY).unwrap();
    assert_eq!(v["Effect"], "Allow");
    assert_eq!(v["Resource"], "*");
    let actions: Vec<&str> = v["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    for action in [
        "bedrock:CreateInferenceProfile",
        "bedrock:GetInferenceProfile",
        "bedrock:ListInferenceProfiles",
        "bedrock:DeleteInferenceProfile",
        "bedrock:TagResource",
        "bedrock:UntagResource",
        "bedrock:ListTagsForResource",
        "bedrock:ListFoundationModels",
    ] {
        assert!(actions.contains(&action), "{action}");
    }
}

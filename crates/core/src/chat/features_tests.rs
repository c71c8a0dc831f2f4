//! Unit tests of the model features table, the attachments' checks, `validate_for` and the SDK
//! request's building (cache points, reasoning, max tokens).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use aws_sdk_bedrockruntime::types::{ContentBlock, SystemContentBlock};

use super::attachments::{self, check, document_name, document_names, format_of, megabytes};
use super::*;
use crate::error::ErrorKind;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

fn attachment(name: &str, bytes: &[u8]) -> Attachment {
    let (kind, format) = format_of(name).unwrap();
    Attachment {
        name: name.to_owned(),
        kind,
        format: format.to_owned(),
        data: aws_smithy_types::base64::encode(bytes),
        size: bytes.len() as u64,
    }
}

fn asking(text: &str) -> ChatRequest {
    ChatRequest::new("m", vec![ChatMessage::text(Role::User, text)])
}

fn refusal(request: &ChatRequest, features: &ModelFeatures) -> String {
    let e = request.validate_for(features).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    format!("{} {}", e.message(), e.hint().unwrap_or_default())
}

#[test]
fn the_table_is_found_through_any_geography_prefix_and_revision() {
    let direct = features_of_model(SONNET_45);
    let routed = features_of_model("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert!(direct.known);
    assert_eq!(direct.prompt_cache, routed.prompt_cache);
    assert_eq!(direct.max_output_tokens, Some(64_000));
    assert_eq!(direct.prompt_cache.unwrap().min_tokens, 1_024);
    assert_eq!(direct.prompt_cache.unwrap().max_points, 4);
    assert!(direct.temperature_or_top_p);
    let spec = direct.reasoning.unwrap();
    assert_eq!((spec.min_budget, spec.max_budget), (1_024, 62_976));
    assert_eq!(spec.levels, [2_048, 8_192, 24_576]);

    let haiku3 = features_of_model("anthropic.claude-3-haiku-20240307-v1:0");
    assert!(haiku3.known && haiku3.prompt_cache.is_none() && haiku3.reasoning.is_none());
    assert!(!haiku3.temperature_or_top_p);
    // Opus 4: 32,000 output, so high (24,576) fits under its 30,976 cap.
    assert_eq!(
        features_of_model("anthropic.claude-opus-4-20250514-v1:0")
            .reasoning
            .unwrap()
            .max_budget,
        30_976
    );
    let pro = features_of_model("amazon.nova-pro-v1:0");
    assert_eq!(
        pro.service_tiers,
        [ServiceTier::Priority, ServiceTier::Flex]
    );
    assert_eq!(pro.prompt_cache.unwrap().min_tokens, 1_000);
    let titan = features_of_model("amazon.titan-text-express-v1");
    assert!(!titan.system_prompt);
    assert_eq!(titan.default_max_tokens, Some(512));
    assert_eq!(titan.max_stop_sequences, 2);
    assert_eq!(
        features_of_model("meta.llama3-1-70b-instruct-v1:0").max_output_tokens,
        Some(2_048)
    );
    let mixtral = features_of_model("mistral.mixtral-8x7b-instruct-v0:1");
    assert_eq!(mixtral.max_output_tokens, Some(4_096));

    let unknown = features_of_model("acme.brand-new-v9:0");
    assert!(!unknown.known);
    assert_eq!(
        unknown,
        ModelFeatures::unknown(Some("acme.brand-new-v9:0".into()))
    );
}

#[test]
fn formats_come_from_the_extension_and_names_follow_bedrocks_rules() {
    assert_eq!(format_of("a.JPG"), Some((AttachmentKind::Image, "jpeg")));
    assert_eq!(
        format_of("page.htm"),
        Some((AttachmentKind::Document, "html"))
    );
    assert_eq!(
        format_of("notes.markdown"),
        Some((AttachmentKind::Document, "md"))
    );
    assert_eq!(format_of("x.exe"), None);
    assert_eq!(format_of("README"), None);

    assert_eq!(
        document_name("Q3  report_final.v2.pdf"),
        "Q3 report final v2"
    );
    assert_eq!(document_name("(draft) [v1]-x.md"), "(draft) [v1]-x");
    assert_eq!(document_name("___.txt"), "document");
    assert_eq!(
        document_name(&format!("{}.txt", "a".repeat(300))).len(),
        200
    );
    assert_eq!(
        document_names(["a.txt", "a.md", "b.csv", "a.pdf"]),
        ["a", "a (2)", "b", "a (3)"]
    );
    assert_eq!(megabytes(5_200_000), "5.2 MB");
    assert_eq!(megabytes(3_750_000), "3.75 MB");
}

#[test]
fn attachments_over_the_limits_or_not_what_they_say_are_refused_naming_the_file() {
    let ok = attachment("chart.png", PNG);
    let mut message = ChatMessage::text(Role::User, "look");
    message.attachments = vec![ok.clone()];
    check(std::slice::from_ref(&message)).unwrap();

    let mut big = attachment("report.pdf", b"%PDF-1.7");
    big.size = 5_200_000;
    message.attachments = vec![big];
    let e = check(std::slice::from_ref(&message)).unwrap_err();
    assert_eq!(
        e.message(),
        "report.pdf is 5.2 MB; Bedrock takes documents of up to 4.5 MB."
    );

    message.attachments = vec![attachment("fake.png", b"GIF89a....")];
    let e = check(std::slice::from_ref(&message)).unwrap_err();
    assert!(
        e.message().contains("fake.png is not a PNG file"),
        "{}",
        e.message()
    );

    message.attachments = vec![ok.clone(); attachments::MAX_IMAGES + 1];
    let e = check(std::slice::from_ref(&message)).unwrap_err();
    assert!(e.message().contains("at most 20"), "{}", e.message());

    let mut answer = ChatMessage::text(Role::Assistant, "sure");
    answer.attachments = vec![ok];
    let e = check(&[ChatMessage::text(Role::User, "hi"), answer]).unwrap_err();
    assert!(
        e.message().contains("only in the user's messages"),
        "{}",
        e.message()
    );
}

#[test]
fn a_file_is_read_checked_and_refused_before_any_call() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("p.png");
    std::fs::write(&png, PNG).unwrap();
    let a = attachments::read_file(&png).unwrap();
    assert_eq!(
        (a.kind, a.format.as_str(), a.size),
        (AttachmentKind::Image, "png", PNG.len() as u64)
    );
    assert_eq!(aws_smithy_types::base64::decode(&a.data).unwrap(), PNG);

    let pdf = dir.path().join("big.pdf");
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(4_600_000, b' ');
    std::fs::write(&pdf, &bytes).unwrap();
    let e = attachments::read_file(&pdf).unwrap_err();
    assert_eq!(
        e.message(),
        "big.pdf is 4.6 MB; Bedrock takes documents of up to 4.5 MB."
    );

    let exe = dir.path().join("tool.exe");
    std::fs::write(&exe, b"MZ").unwrap();
    assert!(attachments::read_file(&exe)
        .unwrap_err()
        .message()
        .contains("tool.exe cannot be attached"));
}

#[test]
fn validate_for_refuses_what_the_model_cannot_take_naming_option_and_model() {
    let sonnet = features_of_model(SONNET_45);
    let haiku3 = features_of_model("anthropic.claude-3-haiku-20240307-v1:0");
    let mut r = asking("hi");
    r.validate_for(&sonnet).unwrap();

    r.reasoning_budget = Some(4_096);
    r.validate_for(&sonnet).unwrap();
    let said = refusal(&r, &haiku3);
    assert!(
        said.contains("anthropic.claude-3-haiku-20240307-v1:0 has no extended thinking"),
        "{said}"
    );

    r.max_tokens = Some(4_096);
    assert!(refusal(&r, &sonnet).contains("must be below max tokens"));
    r.max_tokens = None;
    r.reasoning_budget = Some(63_000);
    assert!(refusal(&r, &sonnet).contains("1024 to 62976"));
    r.reasoning_budget = Some(2_048);
    r.temperature = Some(0.5);
    assert!(refusal(&r, &sonnet).contains("no temperature while it reasons"));
    r.temperature = None;
    r.top_p = Some(0.5);
    assert!(refusal(&r, &sonnet).contains("0.95 to 1"));
    r.top_p = Some(0.97);
    r.validate_for(&sonnet).unwrap();

    let mut r = asking("hi");
    r.temperature = Some(0.3);
    r.top_p = Some(0.9);
    assert!(refusal(&r, &sonnet).contains("a temperature or a top-p, not both"));
    r.validate_for(&haiku3).unwrap();

    let mut r = asking("hi");
    r.max_tokens = Some(5_000);
    assert!(refusal(&r, &haiku3).contains("at most 4096"));

    let mut r = asking("hi");
    r.service_tier = Some(ServiceTier::Priority);
    assert!(refusal(&r, &sonnet).contains("does not offer the priority service tier"));
    r.validate_for(&features_of_model("amazon.nova-pro-v1:0"))
        .unwrap();
    r.service_tier = Some(ServiceTier::Default);
    r.validate_for(&sonnet).unwrap();

    let titan = features_of_model("amazon.titan-text-express-v1");
    let mut r = asking("hi");
    r.stop_sequences = vec!["User:".into()];
    r.validate_for(&titan).unwrap();
    r.stop_sequences = vec!["END".into()];
    assert!(refusal(&r, &titan).contains("only the stop sequences"));
    let mut r = asking("hi");
    r.system = Some("be brief".into());
    assert!(refusal(&r, &titan).contains("takes no system prompt"));

    let mut r = asking("what is this?");
    r.messages[0].attachments = vec![attachment("chart.png", PNG)];
    let micro = features_of_model("amazon.nova-micro-v1:0");
    assert!(refusal(&r, &micro)
        .contains("chart.png cannot be sent: amazon.nova-micro-v1:0 takes no images"));
    r.validate_for(&sonnet).unwrap();
}

#[test]
fn validate_checks_the_new_fields_whatever_the_model() {
    let mut r = asking("hi");
    r.top_p = Some(1.5);
    assert!(r.validate().unwrap_err().message().contains("Top-p"));
    let mut r = asking("hi");
    r.stop_sequences = vec![String::new()];
    assert!(r
        .validate()
        .unwrap_err()
        .message()
        .contains("stop sequence is empty"));
    let mut r = asking("hi");
    r.reasoning_budget = Some(512);
    assert!(r
        .validate()
        .unwrap_err()
        .message()
        .contains("at least 1024"));
}

#[test]
fn cache_points_go_after_the_system_and_the_last_two_user_messages_only_when_caching() {
    let sonnet = features_of_model(SONNET_45);
    let mut r = ChatRequest::new(
        "m",
        vec![
            ChatMessage::text(Role::User, "one"),
            ChatMessage::text(Role::Assistant, "a"),
            ChatMessage::text(Role::User, "two"),
            ChatMessage::text(Role::Assistant, "b"),
            ChatMessage::text(Role::User, "three"),
        ],
    );
    r.system = Some("be brief".into());
    let points = |r: &ChatRequest, f: &ModelFeatures| -> (usize, Vec<usize>) {
        let system = super::converse::system(r, f).unwrap();
        let sys = system
            .iter()
            .filter(|b| matches!(b, SystemContentBlock::CachePoint(_)))
            .count();
        let msgs = super::converse::messages(r, f)
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m.content().last(), Some(ContentBlock::CachePoint(_))))
            .map(|(i, _)| i)
            .collect();
        (sys, msgs)
    };
    assert_eq!(points(&r, &sonnet), (1, vec![2, 4]));
    r.prompt_cache = false;
    assert_eq!(points(&r, &sonnet), (0, vec![]));
    r.prompt_cache = true;
    let haiku3 = features_of_model("anthropic.claude-3-haiku-20240307-v1:0");
    assert_eq!(points(&r, &haiku3), (0, vec![]));
}

#[test]
fn reasoning_is_sent_back_first_and_max_tokens_makes_room_for_the_answer() {
    let sonnet = features_of_model(SONNET_45);
    let mut answer = ChatMessage::text(Role::Assistant, "4");
    answer.reasoning = Some(Reasoning {
        text: "2+2".into(),
        signature: Some("sig".into()),
        redacted: vec![],
    });
    let mut r = ChatRequest::new(
        "m",
        vec![
            ChatMessage::text(Role::User, "2+2?"),
            answer,
            ChatMessage::text(Role::User, "and 3+3?"),
        ],
    );
    r.prompt_cache = false;
    r.reasoning_budget = Some(2_048);
    let sent = super::converse::messages(&r, &sonnet).unwrap();
    match &sent[1].content()[0] {
        ContentBlock::ReasoningContent(b) => {
            let t = b.as_reasoning_text().unwrap();
            assert_eq!((t.text(), t.signature()), ("2+2", Some("sig")));
        }
        other => panic!("reasoning first, not {other:?}"),
    }
    assert_eq!(
        super::converse::max_tokens(&r, &sonnet),
        Some(2_048 + 8_192)
    );
    r.reasoning_budget = Some(60_000);
    assert_eq!(super::converse::max_tokens(&r, &sonnet), Some(64_000));
    r.reasoning_budget = None;
    assert_eq!(super::converse::max_tokens(&r, &sonnet), None);
    let sent = super::converse::messages(&r, &sonnet).unwrap();
    assert!(matches!(sent[1].content()[0], ContentBlock::Text(_)));
}

#[test]
fn reasoning_tokens_are_the_output_apportioned_by_characters() {
    assert_eq!(super::turn::reasoning_share(100, 300, 100), 75);
    assert_eq!(super::turn::reasoning_share(10, 1, 2), 3);
    assert_eq!(super::turn::reasoning_share(10, 0, 0), 0);
}

#[test]
fn top_p_stop_sequences_thinking_and_tier_are_put_in_the_request() {
    let sonnet = features_of_model(SONNET_45);
    let mut r = asking("hi");
    assert!(super::converse::inference(&r, &sonnet).is_none());
    assert!(super::converse::thinking(&r).is_none());
    assert!(super::converse::service_tier(&r).unwrap().is_none());
    r.top_p = Some(0.9);
    r.stop_sequences = vec!["END".into(), "STOP".into()];
    r.service_tier = Some(ServiceTier::Priority);
    let config = super::converse::inference(&r, &sonnet).unwrap();
    assert_eq!(config.top_p(), Some(0.9));
    assert_eq!(config.stop_sequences(), ["END", "STOP"]);
    assert_eq!(config.max_tokens(), None);
    let tier = super::converse::service_tier(&r).unwrap().unwrap();
    assert_eq!(tier.r#type().as_str(), "priority");
    r.reasoning_budget = Some(3_000);
    let thinking = super::converse::thinking(&r).unwrap();
    let thinking = thinking.as_object().unwrap()["thinking"]
        .as_object()
        .unwrap();
    assert_eq!(thinking["type"].as_string(), Some("enabled"));
    assert_eq!(
        thinking["budget_tokens"],
        aws_smithy_types::Document::Number(aws_smithy_types::Number::PosInt(3_000))
    );
}

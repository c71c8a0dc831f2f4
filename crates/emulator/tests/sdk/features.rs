//! Converse's model features through the Rust SDK, by application profile ARN and model id:
//! prompt caching with honest counts, reasoning (streamed, signed, sent back), images and
//! documents within AWS's limits, and service tiers in and out.

use aws_sdk_bedrockruntime::error::ProvideErrorMetadata;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types::{
    CachePointBlock, CachePointType, CacheTtl, ContentBlock, ContentBlockDelta, ConversationRole,
    ConverseOutput, ConverseStreamOutput, DocumentBlock, DocumentFormat, DocumentSource,
    ImageBlock, ImageFormat, ImageSource, InferenceConfiguration, Message, ReasoningContentBlock,
    ReasoningContentBlockDelta, ReasoningTextBlock, ServiceTier, ServiceTierType,
    SystemContentBlock, TokenUsage,
};
use aws_smithy_types::Document;
use bedrock_emulator::{count_tokens, EmulatorHandle, Fault, Seed};

use crate::common::*;

/// Nova Micro (text only) through its APAC profile: Tokyo offers it by profile only.
const NOVA_MICRO: &str = "apac.amazon.nova-micro-v1:0";
const NOVA_PRO: &str = "amazon.nova-pro-v1:0";

/// The ARN of the demo's `prod-claude-sonnet` (Claude Sonnet 4.5: caching from 1,024 tokens,
/// reasoning).
async fn prod_arn(emulator: &EmulatorHandle) -> String {
    bedrock(emulator, TOKYO)
        .list_inference_profiles()
        .type_equals(aws_sdk_bedrock::types::InferenceProfileType::Application)
        .send()
        .await
        .unwrap()
        .inference_profile_summaries
        .unwrap()
        .into_iter()
        .find(|p| p.inference_profile_name == "prod-claude-sonnet")
        .unwrap()
        .inference_profile_arn
}

/// A runtime client that retries, so the SDK corrects a clock skew (the emulator's clock moved).
fn retrying_runtime(emulator: &EmulatorHandle) -> aws_sdk_bedrockruntime::Client {
    let config = aws_sdk_bedrockruntime::Config::builder()
        .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
        .region(aws_sdk_bedrockruntime::config::Region::new(TOKYO))
        .credentials_provider(aws_credential_types::Credentials::new(
            "AKIDEMULATORTEST",
            "emulator-secret",
            None,
            None,
            "test",
        ))
        .endpoint_url(emulator.endpoint())
        .build();
    aws_sdk_bedrockruntime::Client::from_conf(config)
}

fn cache_point() -> CachePointBlock {
    CachePointBlock::builder()
        .r#type(CachePointType::Default)
        .build()
        .unwrap()
}

fn message(role: ConversationRole, content: Vec<ContentBlock>) -> Message {
    Message::builder()
        .role(role)
        .set_content(Some(content))
        .build()
        .unwrap()
}

/// A system prompt of about `words` words.
fn long_system(words: usize) -> String {
    (0..words)
        .map(|i| format!("rule{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn usage_of(out: &aws_sdk_bedrockruntime::operation::converse::ConverseOutput) -> TokenUsage {
    out.usage.clone().unwrap()
}

fn answer_text(out: &aws_sdk_bedrockruntime::operation::converse::ConverseOutput) -> String {
    let Some(ConverseOutput::Message(m)) = &out.output else {
        panic!("no message")
    };
    m.content
        .iter()
        .find_map(|b| b.as_text().ok().cloned())
        .unwrap()
}

/// The code and message of a refused call.
fn refusal<E: ProvideErrorMetadata, R: std::fmt::Debug>(
    result: Result<impl std::fmt::Debug, aws_sdk_bedrockruntime::error::SdkError<E, R>>,
) -> (String, String) {
    let e = result.unwrap_err();
    (
        e.code().unwrap_or_default().to_owned(),
        e.message().unwrap_or_default().to_owned(),
    )
}

fn assert_total(u: &TokenUsage) {
    let sum = u.input_tokens
        + u.output_tokens
        + u.cache_read_input_tokens.unwrap_or(0)
        + u.cache_write_input_tokens.unwrap_or(0);
    assert_eq!(u.total_tokens, sum, "{u:?}");
}

#[tokio::test]
async fn features_cache_writes_then_reads_the_prefix_with_honest_counts_and_prices_them() {
    let emulator = start(Seed::Demo).await;
    let client = runtime(&emulator, TOKYO);
    let arn = prod_arn(&emulator).await;
    let system = long_system(1500);
    let system_tokens = count_tokens(&system) as i32;
    assert!(system_tokens >= 1024);
    let ask = |messages: Vec<Message>| {
        client
            .converse()
            .model_id(&arn)
            .system(SystemContentBlock::Text(system.clone()))
            .system(SystemContentBlock::CachePoint(cache_point()))
            .set_messages(Some(messages))
            .send()
    };
    let question = "What do the rules say?";
    let first = ask(vec![user(question)]).await.unwrap();
    let u = usage_of(&first);
    assert_eq!(u.cache_write_input_tokens, Some(system_tokens));
    assert_eq!(u.cache_read_input_tokens, Some(0));
    assert_eq!(u.input_tokens, count_tokens(question) as i32);
    assert_total(&u);

    let second = ask(vec![user(question)]).await.unwrap();
    let u2 = usage_of(&second);
    assert_eq!(u2.cache_read_input_tokens, Some(system_tokens));
    assert_eq!(u2.cache_write_input_tokens, Some(0));
    assert_eq!(u2.input_tokens, u.input_tokens);
    assert_total(&u2);

    // The next turn puts a point at the end of the conversation: the system prefix is read, the
    // rest up to that point written, nothing left as plain input.
    let reply = answer_text(&second);
    let follow = "And the second rule?";
    let turn = vec![
        user(question),
        message(
            ConversationRole::Assistant,
            vec![ContentBlock::Text(reply.clone())],
        ),
        message(
            ConversationRole::User,
            vec![
                ContentBlock::Text(follow.into()),
                ContentBlock::CachePoint(cache_point()),
            ],
        ),
    ];
    let third = ask(turn).await.unwrap();
    let u3 = usage_of(&third);
    let conversation = [question, reply.as_str(), follow]
        .iter()
        .map(|t| count_tokens(t) as i32)
        .sum::<i32>();
    assert_eq!(u3.cache_read_input_tokens, Some(system_tokens));
    assert_eq!(u3.cache_write_input_tokens, Some(conversation));
    assert_eq!(u3.input_tokens, 0);
    assert_total(&u3);

    // Billing prices each part at its own rate (jp. routing: the regional Sonnet 4.5 prices).
    let records = emulator.cost_records();
    assert_eq!(records.len(), 3);
    for (r, u) in records.iter().zip([&u, &u2, &u3]) {
        assert_eq!(
            r.cache_read_tokens,
            u.cache_read_input_tokens.unwrap() as u64
        );
        assert_eq!(
            r.cache_write_tokens,
            u.cache_write_input_tokens.unwrap() as u64
        );
        let expected = (r.input_tokens as f64 * 3.30
            + r.output_tokens as f64 * 16.50
            + r.cache_read_tokens as f64 * 0.33
            + r.cache_write_tokens as f64 * 4.125)
            / 1_000_000.0;
        assert!((r.cost_usd.unwrap() - expected).abs() < 1e-12, "{r:?}");
    }
    assert!(
        records[1].cost_usd < records[0].cost_usd,
        "a cache read costs less"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn features_cache_ignores_a_prefix_under_the_minimum_and_expires_after_its_lifetime() {
    let emulator = start(Seed::Demo).await;
    let client = retrying_runtime(&emulator);
    let arn = prod_arn(&emulator).await;
    let call = |system: String, ttl: Option<CacheTtl>| {
        client
            .converse()
            .model_id(&arn)
            .system(SystemContentBlock::Text(system))
            .system(SystemContentBlock::CachePoint(
                CachePointBlock::builder()
                    .r#type(CachePointType::Default)
                    .set_ttl(ttl)
                    .build()
                    .unwrap(),
            ))
            .messages(user("hi"))
            .send()
    };
    // Under Sonnet 4.5's 1,024 tokens: succeeds, nothing cached.
    for _ in 0..2 {
        let u = usage_of(&call("Be brief.".into(), None).await.unwrap());
        assert_eq!(
            (u.cache_read_input_tokens, u.cache_write_input_tokens),
            (Some(0), Some(0))
        );
        assert_eq!(
            u.input_tokens,
            (count_tokens("Be brief.") + count_tokens("hi")) as i32
        );
    }
    let five = long_system(1200);
    let hour = format!("{five} hourly");
    let written = usage_of(&call(five.clone(), None).await.unwrap());
    assert_eq!(
        written.cache_write_input_tokens,
        Some(count_tokens(&five) as i32)
    );
    let kept = usage_of(&call(hour.clone(), Some(CacheTtl::OneHour)).await.unwrap());
    assert_eq!(
        kept.cache_write_input_tokens,
        Some(count_tokens(&hour) as i32)
    );
    // Six minutes on by the emulator's clock: the 5-minute entry is gone, the 1-hour one read.
    emulator
        .add_fault(Fault::ClockSkew { seconds: 360 })
        .unwrap();
    let again = usage_of(&call(five.clone(), None).await.unwrap());
    assert_eq!(again.cache_read_input_tokens, Some(0));
    assert_eq!(
        again.cache_write_input_tokens,
        Some(count_tokens(&five) as i32)
    );
    let read = usage_of(&call(hour.clone(), Some(CacheTtl::OneHour)).await.unwrap());
    assert_eq!(
        read.cache_read_input_tokens,
        Some(count_tokens(&hour) as i32)
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn features_cache_refuses_five_points_and_a_model_without_caching() {
    let emulator = start(Seed::Demo).await;
    let client = runtime(&emulator, TOKYO);
    let arn = prod_arn(&emulator).await;
    let mut content = Vec::new();
    for i in 0..5 {
        content.push(ContentBlock::Text(format!("part {i}")));
        content.push(ContentBlock::CachePoint(cache_point()));
    }
    let (code, text) = refusal(
        client
            .converse()
            .model_id(&arn)
            .messages(message(ConversationRole::User, content))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert!(
        text.contains("A maximum of 4 blocks with cache_control may be provided. Found 5."),
        "{text}"
    );

    let (code, text) = refusal(
        client
            .converse()
            .model_id(HAIKU)
            .system(SystemContentBlock::Text("Be brief.".into()))
            .system(SystemContentBlock::CachePoint(cache_point()))
            .messages(user("hi"))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert!(text.contains("did not allow prompt caching"), "{text}");
    assert!(
        emulator.cost_records().is_empty(),
        "refused calls are not billed"
    );
    emulator.shutdown().await;
}

fn thinking(budget: i64) -> Document {
    Document::Object(
        [(
            "thinking".to_owned(),
            Document::Object(
                [
                    ("type".to_owned(), Document::String("enabled".into())),
                    (
                        "budget_tokens".to_owned(),
                        Document::Number(aws_smithy_types::Number::PosInt(budget as u64)),
                    ),
                ]
                .into(),
            ),
        )]
        .into(),
    )
}

#[tokio::test]
async fn features_reasoning_streams_with_a_signature_and_is_checked_when_sent_back() {
    let emulator = start(Seed::Demo).await;
    let client = runtime(&emulator, TOKYO);
    let arn = prod_arn(&emulator).await;
    let question = "Why is the sky blue?";
    let mut out = client
        .converse_stream()
        .model_id(&arn)
        .messages(user(question))
        .inference_config(InferenceConfiguration::builder().max_tokens(4096).build())
        .additional_model_request_fields(thinking(2048))
        .send()
        .await
        .unwrap();
    let (mut reasoning, mut signature, mut answer) = (String::new(), None, String::new());
    let mut stops = Vec::new();
    let mut usage = None;
    while let Some(event) = out.stream.recv().await.unwrap() {
        match event {
            ConverseStreamOutput::ContentBlockDelta(e) => match (e.content_block_index, e.delta) {
                (
                    0,
                    Some(ContentBlockDelta::ReasoningContent(ReasoningContentBlockDelta::Text(t))),
                ) => {
                    assert!(signature.is_none(), "the signature comes last");
                    reasoning.push_str(&t);
                }
                (
                    0,
                    Some(ContentBlockDelta::ReasoningContent(
                        ReasoningContentBlockDelta::Signature(s),
                    )),
                ) => signature = Some(s),
                (1, Some(ContentBlockDelta::Text(t))) => {
                    assert!(stops == [0], "the answer follows the reasoning block");
                    answer.push_str(&t);
                }
                other => panic!("unexpected delta {other:?}"),
            },
            ConverseStreamOutput::ContentBlockStop(e) => stops.push(e.content_block_index),
            ConverseStreamOutput::Metadata(e) => usage = e.usage,
            _ => {}
        }
    }
    assert_eq!(stops, [0, 1]);
    assert!(!reasoning.is_empty() && !answer.is_empty());
    let signature = signature.expect("a signature");
    let usage = usage.unwrap();
    assert_eq!(
        usage.output_tokens,
        (count_tokens(&reasoning) + count_tokens(&answer)) as i32
    );
    assert_eq!(usage.input_tokens, count_tokens(question) as i32);

    let next_turn = |text: &str| {
        vec![
            user(question),
            message(
                ConversationRole::Assistant,
                vec![
                    ContentBlock::ReasoningContent(ReasoningContentBlock::ReasoningText(
                        ReasoningTextBlock::builder()
                            .text(text)
                            .signature(signature.clone())
                            .build()
                            .unwrap(),
                    )),
                    ContentBlock::Text(answer.clone()),
                ],
            ),
            user("Say more."),
        ]
    };
    let send = |messages| {
        client
            .converse()
            .model_id(&arn)
            .set_messages(Some(messages))
            .inference_config(InferenceConfiguration::builder().max_tokens(4096).build())
            .additional_model_request_fields(thinking(2048))
            .send()
    };
    let accepted = send(next_turn(&reasoning)).await.unwrap();
    let u = usage_of(&accepted);
    let sent = [question, reasoning.as_str(), answer.as_str(), "Say more."]
        .iter()
        .map(|t| count_tokens(t) as i32)
        .sum::<i32>();
    assert_eq!(u.input_tokens, sent, "reasoning sent back counts as input");
    let Some(ConverseOutput::Message(m)) = &accepted.output else {
        panic!("no message")
    };
    let ContentBlock::ReasoningContent(ReasoningContentBlock::ReasoningText(r)) = &m.content[0]
    else {
        panic!("reasoning first: {:?}", m.content)
    };
    assert!(r.signature.is_some() && m.content[1].is_text());

    let (code, text) = refusal(send(next_turn(&format!("{reasoning} (edited)"))).await);
    assert_eq!(code, "ValidationException");
    assert!(
        text.contains("messages.1.content.0: Invalid `signature` in `thinking` block"),
        "{text}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn features_reasoning_is_refused_where_the_model_or_the_budget_cannot_take_it() {
    let emulator = start(Seed::Demo).await;
    let client = runtime(&emulator, TOKYO);
    let arn = prod_arn(&emulator).await;
    let ask = |model: &str, budget: i64, max: i32| {
        client
            .converse()
            .model_id(model)
            .messages(user("hi"))
            .inference_config(InferenceConfiguration::builder().max_tokens(max).build())
            .additional_model_request_fields(thinking(budget))
            .send()
    };
    let (code, text) = refusal(ask(HAIKU, 2048, 4096).await);
    assert_eq!(code, "ValidationException");
    assert!(
        text.contains("extraneous key [thinking] is not permitted"),
        "{text}"
    );
    let (_, text) = refusal(ask(&arn, 1000, 4096).await);
    assert!(
        text.contains("budget_tokens: Input should be greater than or equal to 1024"),
        "{text}"
    );
    let (_, text) = refusal(ask(&arn, 4096, 4096).await);
    assert!(
        text.contains("`max_tokens` must be greater than `thinking.budget_tokens`"),
        "{text}"
    );
    emulator.shutdown().await;
}

/// A PNG header of `width` × `height` (all the emulator reads of an image).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0]);
    bytes
}

fn image(format: ImageFormat, bytes: Vec<u8>) -> ContentBlock {
    ContentBlock::Image(
        ImageBlock::builder()
            .format(format)
            .source(ImageSource::Bytes(Blob::new(bytes)))
            .build()
            .unwrap(),
    )
}

fn document(name: &str, bytes: Vec<u8>) -> ContentBlock {
    ContentBlock::Document(
        DocumentBlock::builder()
            .format(DocumentFormat::Txt)
            .name(name)
            .source(DocumentSource::Bytes(Blob::new(bytes)))
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn features_images_and_documents_count_tokens_and_keep_to_aws_limits() {
    let emulator = start(Seed::Demo).await;
    let client = runtime(&emulator, TOKYO);
    let arn = prod_arn(&emulator).await;
    let send = |model: String, content: Vec<ContentBlock>| {
        client
            .converse()
            .model_id(model)
            .messages(message(ConversationRole::User, content))
            .send()
    };
    // 640 × 480 px: ceil(307,200 / 750) = 410 tokens; a text document its text's tokens.
    let notes = "Notes about the picture.";
    let out = send(
        arn.clone(),
        vec![
            image(ImageFormat::Png, png(640, 480)),
            document("notes", notes.as_bytes().to_vec()),
            ContentBlock::Text("Describe it.".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        usage_of(&out).input_tokens,
        410 + count_tokens(notes) as i32 + count_tokens("Describe it.") as i32
    );

    let text = || ContentBlock::Text("Read this.".into());
    let cases: Vec<(String, Vec<ContentBlock>, &str)> = vec![
        (
            NOVA_MICRO.into(),
            vec![image(ImageFormat::Png, png(10, 10)), text()],
            "doesn't support the image",
        ),
        (
            arn.clone(),
            vec![image(ImageFormat::Jpeg, png(10, 10)), text()],
            "Image does not match the provided media type image/jpeg",
        ),
        (
            arn.clone(),
            vec![image(ImageFormat::Png, png(8001, 10)), text()],
            "image dimensions exceed max allowed size: 8000 pixels",
        ),
        (
            arn.clone(),
            vec![document("big", vec![b'a'; 4_500_001]), text()],
            "exceeds the 4.5 MB maximum",
        ),
        (
            arn.clone(),
            (0..6)
                .map(|i| document(&format!("doc {i}"), b"x".to_vec()))
                .chain([text()])
                .collect(),
            "at most 5 documents",
        ),
        (
            arn.clone(),
            vec![document("report.txt", b"x".to_vec()), text()],
            "The document name 'report.txt' at messages.0.content.0 is not valid",
        ),
        (
            arn.clone(),
            vec![
                document("a", b"x".to_vec()),
                document("a", b"y".to_vec()),
                text(),
            ],
            "The document name 'a' is used more than once",
        ),
        (
            arn.clone(),
            vec![document("alone", b"x".to_vec())],
            "a message with a document must also include a text block",
        ),
    ];
    for (model, content, expected) in cases {
        let (code, message) = refusal(send(model.clone(), content).await);
        assert_eq!(code, "ValidationException", "{model}: {message}");
        assert!(message.contains(expected), "{model}: {message}");
    }
    // Nova Micro takes documents.
    send(
        NOVA_MICRO.into(),
        vec![document("notes", b"x".to_vec()), text()],
    )
    .await
    .unwrap();
    emulator.shutdown().await;
}

#[tokio::test]
async fn features_service_tier_is_reported_priced_and_refused_where_not_offered() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, VIRGINIA);
    let tier = |t: ServiceTierType| ServiceTier::builder().r#type(t).build().unwrap();
    let plain = client
        .converse()
        .model_id(NOVA_PRO)
        .messages(user("hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        plain.service_tier.map(|t| t.r#type),
        Some(ServiceTierType::Default)
    );
    let fast = client
        .converse()
        .model_id(NOVA_PRO)
        .messages(user("hi"))
        .service_tier(tier(ServiceTierType::Priority))
        .send()
        .await
        .unwrap();
    assert_eq!(
        fast.service_tier.map(|t| t.r#type),
        Some(ServiceTierType::Priority)
    );
    let mut stream = client
        .converse_stream()
        .model_id(NOVA_PRO)
        .messages(user("hi"))
        .service_tier(tier(ServiceTierType::Flex))
        .send()
        .await
        .unwrap();
    let mut reported = None;
    while let Some(event) = stream.stream.recv().await.unwrap() {
        if let ConverseStreamOutput::Metadata(m) = event {
            reported = m.service_tier.map(|t| t.r#type);
        }
    }
    assert_eq!(reported, Some(ServiceTierType::Flex));
    let records = emulator.cost_records();
    let [default, priority, flex] = &records[..] else {
        panic!("{records:?}")
    };
    assert_eq!(
        (
            default.service_tier.as_deref(),
            priority.service_tier.as_deref()
        ),
        (None, Some("priority"))
    );
    assert_eq!(priority.cost_usd, default.cost_usd.map(|c| c * 1.75));
    assert_eq!(flex.cost_usd, default.cost_usd.map(|c| c * 0.5));

    let (code, text) = refusal(
        client
            .converse()
            .model_id(HAIKU)
            .messages(user("hi"))
            .service_tier(tier(ServiceTierType::Flex))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        text,
        "The provided service tier is not supported for this model."
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn features_a_stream_break_fault_cuts_the_reasoning_short() {
    let emulator = start(Seed::Demo).await;
    let client = runtime(&emulator, TOKYO);
    let arn = prod_arn(&emulator).await;
    let (status, body) = admin(
        &emulator,
        "POST",
        "/_emulator/faults",
        r#"{"type":"streamBreak","operation":"ConverseStream","afterChunks":3,"exception":"ModelStreamErrorException","count":1}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut out = client
        .converse_stream()
        .model_id(&arn)
        .messages(user("Why is the sky blue?"))
        .inference_config(InferenceConfiguration::builder().max_tokens(4096).build())
        .additional_model_request_fields(thinking(2048))
        .send()
        .await
        .unwrap();
    let mut reasoning_deltas = 0;
    let error = loop {
        match out.stream.recv().await {
            Ok(Some(ConverseStreamOutput::ContentBlockDelta(e))) => {
                assert!(matches!(
                    e.delta,
                    Some(ContentBlockDelta::ReasoningContent(_))
                ));
                reasoning_deltas += 1;
            }
            Ok(Some(_)) => {}
            Ok(None) => panic!("the stream ended without the fault"),
            Err(e) => break e,
        }
    };
    assert_eq!(reasoning_deltas, 3);
    assert!(
        format!("{error:?}").contains("ModelStreamErrorException"),
        "{error:?}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn features_cache_works_by_model_id_and_a_model_without_cache_rates_goes_unpriced() {
    let emulator = start(Seed::Empty).await;
    let client = runtime(&emulator, VIRGINIA);
    // Nova Micro by its model id: caching from 1,000 tokens, no published cache rates here.
    let system = long_system(1100);
    let tokens = count_tokens(&system) as i32;
    let mut seen = Vec::new();
    for _ in 0..2 {
        let out = client
            .converse()
            .model_id("amazon.nova-micro-v1:0")
            .system(SystemContentBlock::Text(system.clone()))
            .system(SystemContentBlock::CachePoint(cache_point()))
            .messages(user("hi"))
            .send()
            .await
            .unwrap();
        let u = usage_of(&out);
        seen.push((u.cache_write_input_tokens, u.cache_read_input_tokens));
    }
    assert_eq!(seen, [(Some(tokens), Some(0)), (Some(0), Some(tokens))]);
    // The same region's cache is per model: Nova Lite writes its own.
    let lite = client
        .converse()
        .model_id("amazon.nova-lite-v1:0")
        .system(SystemContentBlock::Text(system.clone()))
        .system(SystemContentBlock::CachePoint(cache_point()))
        .messages(user("hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(usage_of(&lite).cache_write_input_tokens, Some(tokens));
    let records = emulator.cost_records();
    assert_eq!(records.len(), 3);
    assert!(
        records.iter().all(|r| r.cost_usd.is_none()),
        "cache tokens without a cache rate make the call unpriced, not partly priced: {records:?}"
    );
    emulator.shutdown().await;
}

//! A model's features through an application profile, against the Bedrock emulator over real
//! HTTP: prompt caching (the second turn reads what the first wrote, priced at the cache rates),
//! reasoning (streamed with its signature, sent back on the next turn, a tampered one refused),
//! and the attachments a model cannot take or AWS's limits refuse, before any call; and
//! `ChatService::start` (the window's and `strata chat`'s path) refusing an option of the entry's
//! model once it has found the entry, with nothing sent or recorded.
//!
//! The profiles are made in the test (copies of system profiles, as a team makes them), so the
//! features come from the model underneath the ARN, never from the ARN itself.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use strata_core::catalog::{Catalog, LoadOptions};
use strata_core::chat::{
    attachments, features_for, run_turn, run_turn_when_ready, Attachment, AttachmentKind,
    ChatEvent, ChatMessage, ChatRequest, Reasoning, Role, ServiceTier, TurnOptions, TurnReport,
};
use strata_core::ledger::{TurnOutcome, UsageLedger};
use strata_core::pricing::PriceTable;
use strata_core::{DemoBedrock, EntryKind, ErrorKind, ModelEntry, RunMode, Session, Settings};
use tokio_util::sync::CancellationToken;

const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const NOVA_MICRO: &str = "amazon.nova-micro-v1:0";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

struct Setup {
    emulator: EmulatorHandle,
    session: Arc<Session>,
    ledger: UsageLedger,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let session = Session::connect(
        &Settings::default(),
        RunMode::from_switches(["--demo"], None),
        &DemoBedrock::external(emulator.endpoint()),
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ledger = UsageLedger::new(dir.path().join("strata.db"));
    Setup {
        emulator,
        session: Arc::new(session),
        ledger,
        _dir: dir,
    }
}

impl Setup {
    async fn catalog(&self) -> Catalog {
        let options = LoadOptions {
            application_profiles: true,
            ..LoadOptions::default()
        };
        Catalog::load(self.session.control(), &self.session.target, options)
            .await
            .unwrap()
    }

    /// A new application profile copying the system profile of `model` in this region; its
    /// catalog entry (the ARN hides the model: only the catalog knows it) and the system
    /// profile it copies.
    async fn profile_of(&self, model: &str, name: &str) -> (ModelEntry, ModelEntry) {
        let catalog = self.catalog().await;
        let system = catalog
            .entries
            .iter()
            .find(|e| e.kind == EntryKind::SystemProfile && e.id.ends_with(model))
            .unwrap_or_else(|| panic!("a system profile of {model}"))
            .clone();
        let arn = self
            .session
            .control()
            .create_inference_profile()
            .inference_profile_name(name)
            .model_source(
                aws_sdk_bedrock::types::InferenceProfileModelSource::CopyFrom(system.arn.clone()),
            )
            .send()
            .await
            .unwrap()
            .inference_profile_arn()
            .to_owned();
        let entry = self
            .catalog()
            .await
            .entries
            .into_iter()
            .find(|e| e.id == arn)
            .unwrap();
        assert_eq!(entry.kind, EntryKind::ApplicationProfile);
        (entry, system)
    }

    async fn turn(
        &self,
        entry: &ModelEntry,
        request: &ChatRequest,
    ) -> (TurnReport, Vec<ChatEvent>) {
        let mut events = Vec::new();
        let report = run_turn(
            &self.session,
            &PriceTable::built_in(),
            &self.ledger,
            entry,
            request,
            TurnOptions::default(),
            CancellationToken::new(),
            |e| events.push(e),
        )
        .await
        .unwrap();
        (report, events)
    }

    fn converse_calls(&self) -> usize {
        self.emulator
            .requests()
            .iter()
            .filter(|r| r.operation == "ConverseStream" || r.operation == "Converse")
            .count()
    }
}

/// A system prompt well over every caching model's minimum (4,096 tokens at most).
fn long_system() -> String {
    (0..6_000)
        .map(|i| format!("rule{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn ask(entry: &ModelEntry, messages: Vec<ChatMessage>) -> ChatRequest {
    ChatRequest::new(entry.id.clone(), messages)
}

fn user(text: &str) -> ChatMessage {
    ChatMessage::text(Role::User, text)
}

fn answer_of(report: &TurnReport) -> ChatMessage {
    let mut m = ChatMessage::text(Role::Assistant, report.text.clone());
    m.reasoning = report.reasoning.clone();
    m
}

#[tokio::test]
async fn the_second_turn_through_a_profile_reads_the_cache_and_costs_less_by_the_cache_rates() {
    let s = setup().await;
    let (profile, system) = s.profile_of(SONNET_45, "team-sonnet-cached").await;
    let features = features_for(&profile, &s.session.target.region);
    assert!(
        features.prompt_cache.is_some(),
        "Sonnet 4.5 caches, through its profile too"
    );

    let mut first = ask(&profile, vec![user("What is an inference profile?")]);
    first.system = Some(long_system());
    first.service_tier = Some(ServiceTier::Default);
    let (one, _) = s.turn(&profile, &first).await;
    assert_eq!(one.outcome, TurnOutcome::Completed, "{:?}", one.error);
    let written = one.usage.cache_write_tokens.unwrap();
    assert!(
        written > 0,
        "the first turn writes the prefix: {:?}",
        one.usage
    );

    let mut second = first.clone();
    second.messages = vec![
        user("What is an inference profile?"),
        answer_of(&one),
        user("And what does tagging it do?"),
    ];
    let (two, _) = s.turn(&profile, &second).await;
    assert_eq!(two.outcome, TurnOutcome::Completed, "{:?}", two.error);
    let u = &two.usage;
    assert_eq!(
        u.cache_read_tokens,
        Some(written),
        "the second turn reads what the first wrote"
    );

    // Priced at the model's own rates (the table's, as the profile routes), not all as input.
    let price = PriceTable::built_in().lookup(&system.id).unwrap().price;
    let (read_rate, write_rate) = (
        price.cache_read_per_million.unwrap(),
        price.cache_write_per_million.unwrap(),
    );
    let (input, output) = (
        u.input_tokens.unwrap() as f64,
        u.output_tokens.unwrap() as f64,
    );
    let (read, write) = (written as f64, u.cache_write_tokens.unwrap_or(0) as f64);
    let expected = (input * price.input_per_million
        + output * price.output_per_million
        + read * read_rate
        + write * write_rate)
        / 1e6;
    let cost = u.cost_usd.unwrap();
    assert!((cost - expected).abs() < 1e-12, "{cost} vs {expected}");
    let uncached = ((input + read + write) * price.input_per_million
        + output * price.output_per_million)
        / 1e6;
    assert!(
        cost < uncached,
        "reading the cache costs less: {cost} vs {uncached}"
    );

    // Caching off: no cache point is sent, so nothing is read or written.
    let mut off = second.clone();
    off.prompt_cache = false;
    let (three, _) = s.turn(&profile, &off).await;
    assert_eq!(three.outcome, TurnOutcome::Completed, "{:?}", three.error);
    assert!(
        three.usage.cache_read_tokens.unwrap_or(0) == 0
            && three.usage.cache_write_tokens.unwrap_or(0) == 0,
        "{:?}",
        three.usage
    );

    // What caching saved and the ledger line (the store's part: Price::cache_saving, the
    // ledger's new columns).
    let saved = u
        .cache_saved_usd
        .expect("what caching saved (Price::cache_saving)");
    assert!(
        (saved - (uncached - cost)).abs() < 1e-12,
        "{saved} vs {}",
        uncached - cost
    );

    // The ledger line carries the cache tokens and the tier Bedrock reported.
    let ledger = s.ledger.read().unwrap();
    let line = &ledger.records[1];
    assert_eq!(line.cache_read_tokens, Some(written));
    assert_eq!(line.cache_write_tokens, u.cache_write_tokens);
    assert_eq!(line.service_tier, Some(ServiceTier::Default));
    assert_eq!(line.profile_arn.as_deref(), Some(profile.arn.as_str()));
    s.emulator.shutdown().await;
}

#[tokio::test]
async fn reasoning_streams_with_its_signature_and_is_sent_back_and_a_tampered_one_is_refused() {
    let s = setup().await;
    let (profile, _) = s.profile_of(SONNET_45, "team-sonnet-thinking").await;
    let mut first = ask(&profile, vec![user("Is 1,021 a prime number?")]);
    first.prompt_cache = false;
    first.reasoning_budget = Some(2_048);
    let (one, events) = s.turn(&profile, &first).await;
    assert_eq!(one.outcome, TurnOutcome::Completed, "{:?}", one.error);
    assert_eq!(
        support::event_kinds(&events),
        [
            "started",
            "reasoningDelta",
            "reasoningSignature",
            "delta",
            "stopped",
            "finished"
        ]
    );
    let streamed: String = events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::ReasoningDelta { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let reasoning = one.reasoning.clone().unwrap();
    assert!(!reasoning.text.is_empty());
    assert_eq!(reasoning.text, streamed);
    assert!(reasoning
        .signature
        .as_deref()
        .is_some_and(|s| !s.is_empty()));
    let thought = one.usage.reasoning_tokens.unwrap();
    assert!(
        thought > 0 && thought <= one.usage.output_tokens.unwrap(),
        "{:?}",
        one.usage
    );

    // Sent back unchanged on the next turn: accepted.
    let mut next = first.clone();
    next.messages = vec![
        user("Is 1,021 a prime number?"),
        answer_of(&one),
        user("And 1,023?"),
    ];
    let (two, _) = s.turn(&profile, &next).await;
    assert_eq!(two.outcome, TurnOutcome::Completed, "{:?}", two.error);

    // A tampered signature: Bedrock refuses the turn.
    let mut tampered = answer_of(&one);
    tampered.reasoning = Some(Reasoning {
        signature: Some(format!("{}x", reasoning.signature.unwrap())),
        ..reasoning
    });
    next.messages[1] = tampered;
    let (three, _) = s.turn(&profile, &next).await;
    assert_eq!(three.outcome, TurnOutcome::Failed);
    assert_eq!(three.error.unwrap().kind(), ErrorKind::Validation);
    // The first turn's ledger line keeps its reasoning tokens (the store's part).
    let ledger = s.ledger.read().unwrap();
    assert_eq!(ledger.records[0].reasoning_tokens, Some(thought));
    s.emulator.shutdown().await;
}

#[tokio::test]
async fn an_image_to_a_text_only_model_is_refused_before_the_call_and_records_nothing() {
    let s = setup().await;
    let (profile, _) = s.profile_of(NOVA_MICRO, "team-nova-micro").await;
    assert!(!features_for(&profile, &s.session.target.region).image_input);
    let mut message = user("What is in this picture?");
    message.attachments = vec![Attachment {
        name: "chart.png".into(),
        kind: AttachmentKind::Image,
        format: "png".into(),
        data: aws_smithy_types::base64::encode(PNG),
        size: PNG.len() as u64,
    }];
    let request = ask(&profile, vec![message]);
    s.emulator.clear_requests();

    // As the window and `strata chat` run it: the turn finds its entry, then refuses.
    let mut events = Vec::new();
    let session = Arc::clone(&s.session);
    let entry = profile.clone();
    let report = run_turn_when_ready(
        &PriceTable::built_in(),
        &s.ledger,
        &request,
        TurnOptions::default(),
        CancellationToken::new(),
        async move { Ok((session, entry)) },
        |e| events.push(e),
    )
    .await
    .unwrap();
    assert_eq!(report, None, "nothing was sent, so nothing is reported");
    assert_eq!(support::event_kinds(&events), ["failed", "finished"]);
    match &events[0] {
        ChatEvent::Failed { error } => {
            assert_eq!(error.kind(), ErrorKind::Validation);
            assert!(
                error.message().contains("chart.png cannot be sent")
                    && error.message().contains(NOVA_MICRO)
                    && error.message().contains("takes no images"),
                "{}",
                error.message()
            );
        }
        other => panic!("{other:?}"),
    }
    // Straight through run_turn too: an error, nothing sent.
    let refused = run_turn(
        &s.session,
        &PriceTable::built_in(),
        &s.ledger,
        &profile,
        &request,
        TurnOptions::default(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Validation);
    assert_eq!(s.converse_calls(), 0, "no request reached the emulator");
    assert!(s.ledger.read().unwrap().records.is_empty());
    s.emulator.shutdown().await;
}

#[tokio::test]
async fn a_document_over_the_size_limit_is_refused_before_the_call() {
    let s = setup().await;
    let (profile, _) = s.profile_of(SONNET_45, "team-sonnet-docs").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(5_200_000, b' ');
    std::fs::write(&path, &bytes).unwrap();
    let e = attachments::read_file(&path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(
        e.message(),
        "report.pdf is 5.2 MB; Bedrock takes documents of up to 4.5 MB."
    );

    // The same file already in a conversation (as the window keeps it): refused by the turn.
    let mut message = user("Summarise the report.");
    message.attachments = vec![Attachment {
        name: "report.pdf".into(),
        kind: AttachmentKind::Document,
        format: "pdf".into(),
        data: aws_smithy_types::base64::encode(&bytes),
        size: bytes.len() as u64,
    }];
    s.emulator.clear_requests();
    let refused = run_turn(
        &s.session,
        &PriceTable::built_in(),
        &s.ledger,
        &profile,
        &ask(&profile, vec![message]),
        TurnOptions::default(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(refused.message(), e.message());
    assert_eq!(s.converse_calls(), 0);
    assert!(s.ledger.read().unwrap().records.is_empty());
    s.emulator.shutdown().await;
}

#[tokio::test]
async fn chat_service_start_refuses_what_the_entrys_model_cannot_take_once_it_finds_it() {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let catalog = Arc::new(strata_core::CatalogService::new(
        RunMode::from_switches(["--demo"], None),
        Settings {
            enable_inference_profiles: true,
            ..Settings::default()
        },
        None,
        DemoBedrock::external(emulator.endpoint()),
    ));
    let dir = tempfile::tempdir().unwrap();
    let chat = strata_core::chat::ChatService::new(
        PriceTable::built_in(),
        UsageLedger::new(dir.path().join("strata.db")),
    );
    // A reasoning budget for Claude 3 Haiku (no extended thinking), by the profile's name.
    let mut request = ChatRequest::new("dev-claude-haiku", vec![user("Think hard: 2+2?")]);
    request.reasoning_budget = Some(2_048);
    let events = Arc::new(std::sync::Mutex::new(Vec::new()));
    let heard = Arc::clone(&events);
    let options = strata_core::chat::StartOptions {
        refresh_catalog: true,
        ..strata_core::chat::StartOptions::default()
    };
    let turn = chat
        .start(Arc::clone(&catalog), request, options, move |e| {
            heard.lock().unwrap().push(e);
        })
        .unwrap();
    let end = turn.finished().await;
    assert_eq!(end.outcome, TurnOutcome::Failed);
    assert!(end.report.is_none(), "nothing sent, nothing recorded");
    let error = end.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Validation);
    assert!(
        error.message().contains("has no extended thinking"),
        "{}",
        error.message()
    );
    assert_eq!(
        support::event_kinds(&events.lock().unwrap()),
        ["failed", "finished"]
    );
    assert!(!emulator
        .requests()
        .iter()
        .any(|r| r.operation == "ConverseStream" || r.operation == "Converse"));
    assert!(chat.ledger().read().unwrap().records.is_empty());
    catalog.shutdown().await;
    emulator.shutdown().await;
}

//! Chat against the Bedrock emulator over real HTTP: the AIP's ARN is the `modelId`, events come
//! in order, usage is Bedrock's, cancel and broken streams keep the partial answer, errors have
//! their kind, and the ledger gets exactly one line per turn.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use bedrock_emulator::{
    BreakMode, Emulator, EmulatorConfig, EmulatorHandle, ErrorKind as AwsKind, Fault, Pacing, Seed,
};
use strata_core::catalog::{Catalog, LoadOptions};
use strata_core::chat::{
    ensure_tags, run_turn, run_turn_when_ready, ChatEvent, ChatMessage, ChatRequest, ChatService,
    Role, RunningTurn, StartOptions, StopReason, TurnOptions,
};
use strata_core::ledger::{TurnOutcome, UsageLedger};
use strata_core::pricing::PriceTable;
use strata_core::{
    CatalogService, DemoBedrock, EntryKind, ErrorKind, ModelEntry, RunMode, Session, Settings,
};
use tokio_util::sync::CancellationToken;

const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";

struct Setup {
    emulator: EmulatorHandle,
    session: Session,
    catalog: Catalog,
    ledger: UsageLedger,
    _dir: tempfile::TempDir,
}

async fn setup(pacing: Pacing) -> Setup {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo).with_pacing(pacing))
        .await
        .unwrap();
    let session = Session::connect(
        &Settings::default(),
        RunMode::from_switches(["--demo"], None),
        &DemoBedrock::external(emulator.endpoint()),
    )
    .await
    .unwrap();
    let options = LoadOptions {
        application_profiles: true,
        ..LoadOptions::default()
    };
    let catalog = Catalog::load(session.control(), &session.target, options)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ledger = UsageLedger::new(dir.path().join("usage.jsonl"));
    Setup {
        emulator,
        session,
        catalog,
        ledger,
        _dir: dir,
    }
}

impl Setup {
    fn entry(&self, name: &str) -> ModelEntry {
        self.catalog
            .entries
            .iter()
            .find(|e| e.name == name || e.id == name)
            .unwrap()
            .clone()
    }
}

fn ask(entry: &ModelEntry, text: &str) -> ChatRequest {
    ChatRequest {
        system: Some("Be brief.".into()),
        temperature: Some(0.2),
        ..ChatRequest::new(entry.id.clone(), vec![ChatMessage::text(Role::User, text)])
    }
}

#[tokio::test]
async fn a_turn_through_an_application_profile_uses_its_arn_and_is_recorded_with_its_tags() {
    let s = setup(Pacing::ZERO).await;
    let mut alpha = s.entry("marketing-team-claude-haiku");
    assert_eq!(alpha.kind, EntryKind::ApplicationProfile);
    ensure_tags(&s.session, &mut alpha).await;
    let (report, events) = turn(
        &s,
        &alpha,
        &ask(&alpha, "What is an inference profile?"),
        TurnOptions::default(),
    )
    .await;

    // The emulator received the profile's ARN as the modelId and resolved it to Claude 3 Haiku.
    let calls: Vec<_> = s
        .emulator
        .requests()
        .into_iter()
        .filter(|r| r.operation == "ConverseStream")
        .collect();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].model_id.as_deref(), Some(alpha.arn.as_str()));
    assert_eq!(
        calls[0].inference_profile_arn.as_deref(),
        Some(alpha.arn.as_str())
    );
    assert_eq!(calls[0].resolved_model_id.as_deref(), Some(HAIKU));

    assert_eq!(
        support::event_kinds(&events),
        ["started", "delta", "stopped", "finished"]
    );
    let streamed: String = events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::Delta { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(streamed, report.text);
    assert!(!report.text.is_empty());
    assert_eq!(report.outcome, TurnOutcome::Completed);
    assert_eq!(report.stop_reason, Some(StopReason::EndTurn));

    // The usage is the emulator's: the same request sent by the raw SDK counts the same tokens.
    let raw = s
        .session
        .runtime()
        .converse()
        .model_id(&alpha.arn)
        .system(aws_sdk_bedrockruntime::types::SystemContentBlock::Text(
            "Be brief.".into(),
        ))
        .messages(
            aws_sdk_bedrockruntime::types::Message::builder()
                .role(aws_sdk_bedrockruntime::types::ConversationRole::User)
                .content(aws_sdk_bedrockruntime::types::ContentBlock::Text(
                    "What is an inference profile?".into(),
                ))
                .build()
                .unwrap(),
        )
        .inference_config(
            aws_sdk_bedrockruntime::types::InferenceConfiguration::builder()
                .temperature(0.2)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let usage = raw.usage().unwrap();
    assert_eq!(report.usage.input_tokens, Some(usage.input_tokens() as u64));
    assert_eq!(
        report.usage.output_tokens,
        Some(usage.output_tokens() as u64)
    );

    // Priced as Claude 3 Haiku: $0.25 / $1.25 per million.
    let expected = (usage.input_tokens() as f64 * 0.25 + usage.output_tokens() as f64 * 1.25) / 1e6;
    assert!((report.usage.cost_usd.unwrap() - expected).abs() < 1e-12);
    assert_eq!(report.usage.priced_as.as_deref(), Some(HAIKU));

    let ledger = s.ledger.read().unwrap();
    assert_eq!(ledger.records.len(), 1);
    let line = &ledger.records[0];
    assert_eq!(line.profile_arn.as_deref(), Some(alpha.arn.as_str()));
    // Where the cost comes from is kept with it: the built-in table and the date of its price.
    assert_eq!(
        line.price_source,
        Some(strata_core::pricing::PriceSource::BuiltIn)
    );
    let as_of = line.price_as_of.as_deref().unwrap();
    assert!(
        as_of.len() == 10 && as_of.as_bytes()[4] == b'-' && as_of.as_bytes()[7] == b'-',
        "{as_of}"
    );
    assert_eq!(line.entry_id, alpha.arn);
    let mut tags: Vec<String> = line
        .tags
        .iter()
        .map(|t| format!("{}={}", t.key, t.value))
        .collect();
    tags.sort();
    assert_eq!(
        tags,
        [
            "CostCenter=CC-2001",
            "Department=Marketing",
            "UseCase=ContentGeneration"
        ]
    );
    assert_eq!(line.outcome, TurnOutcome::Completed);
    assert_eq!(line.input_tokens, report.usage.input_tokens);
    assert!(line.ttft_ms.is_some());
}

#[tokio::test]
async fn max_tokens_cuts_the_answer_and_says_so() {
    let s = setup(Pacing::ZERO).await;
    let haiku = s.entry(HAIKU);
    let request = ChatRequest {
        max_tokens: Some(3),
        ..ask(&haiku, "Tell me a long story about regions and profiles.")
    };
    let report = run_turn(
        &s.session,
        &PriceTable::built_in(),
        &s.ledger,
        &haiku,
        &request,
        TurnOptions::default(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(report.stop_reason, Some(StopReason::MaxTokens));
    assert_eq!(report.usage.output_tokens, Some(3));
    assert_eq!(report.record.model_id.as_deref(), Some(HAIKU));
}

#[tokio::test]
async fn cancel_stops_the_stream_and_keeps_the_partial_answer() {
    let s = setup(Pacing {
        time_to_first_token: Duration::ZERO,
        per_chunk: Duration::from_millis(30),
    })
    .await;
    let haiku = s.entry(HAIKU);
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let mut deltas = 0;
    let mut events = Vec::new();
    let report = run_turn(
        &s.session,
        &PriceTable::built_in(),
        &s.ledger,
        &haiku,
        &ask(
            &haiku,
            "Explain cross-region inference in detail, step by step, with examples.",
        ),
        TurnOptions::default(),
        cancel,
        |e| {
            if matches!(e, ChatEvent::Delta { .. }) {
                deltas += 1;
                if deltas == 3 {
                    trigger.cancel();
                }
            }
            events.push(e);
        },
    )
    .await
    .unwrap();
    assert_eq!(report.outcome, TurnOutcome::Interrupted);
    assert_eq!(deltas, 3, "no text after the cancel");
    assert!(!report.text.is_empty());
    // It ended before the stream did: Bedrock's stop reason and usage (sent last) never came.
    assert_eq!(report.stop_reason, None);
    assert_eq!(report.usage.output_tokens, None);
    assert_eq!(
        support::event_kinds(&events),
        ["started", "delta", "finished"]
    );
    let ledger = s.ledger.read().unwrap();
    assert_eq!(ledger.records.len(), 1);
    assert_eq!(ledger.records[0].outcome, TurnOutcome::Interrupted);
}

#[tokio::test]
async fn a_stream_that_breaks_keeps_what_arrived_and_reports_the_error() {
    let s = setup(Pacing::ZERO).await;
    s.emulator
        .add_fault(Fault::StreamBreak {
            operation: "ConverseStream".into(),
            after_chunks: 2,
            mode: BreakMode::Exception,
            exception: Some(AwsKind::ModelStreamErrorException),
            count: None,
        })
        .unwrap();
    let haiku = s.entry(HAIKU);
    let (report, events) = turn(
        &s,
        &haiku,
        &ask(&haiku, "Describe the weather on Mars in several sentences."),
        TurnOptions::default(),
    )
    .await;
    assert_eq!(report.outcome, TurnOutcome::Failed);
    assert!(
        !report.text.is_empty(),
        "the two chunks that arrived are kept"
    );
    assert_eq!(
        support::event_kinds(&events),
        ["started", "delta", "failed", "finished"]
    );
    let error = report.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Internal);
    assert!(
        error.message().contains("ModelStreamErrorException"),
        "{error:?}"
    );
    assert_eq!(report.usage.cost_usd, None, "unknown, never 0");
    let ledger = s.ledger.read().unwrap();
    assert_eq!(ledger.records.len(), 1);
    assert_eq!(ledger.records[0].outcome, TurnOutcome::Failed);
    assert!(ledger.records[0].error_kind.is_some());
    assert_eq!(ledger.records[0].price_source, None, "nothing was priced");
}

#[tokio::test]
async fn throttling_surfaces_as_its_kind_and_is_recorded_once() {
    let s = setup(Pacing::ZERO).await;
    s.emulator
        .add_fault(Fault::Throttle {
            operation: "ConverseStream".into(),
            rate: 1.0,
        })
        .unwrap();
    let haiku = s.entry(HAIKU);
    let report = run_turn(
        &s.session,
        &PriceTable::built_in(),
        &s.ledger,
        &haiku,
        &ask(&haiku, "hi"),
        TurnOptions::default(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    let error = report.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Throttled);
    assert!(error.hint().is_some());
    assert_eq!(s.ledger.read().unwrap().records.len(), 1);
}

#[tokio::test]
async fn a_deleted_profile_is_a_clear_error() {
    let s = setup(Pacing::ZERO).await;
    let dev = s.entry("dev-claude-haiku");
    s.session
        .control()
        .delete_inference_profile()
        .inference_profile_identifier(&dev.arn)
        .send()
        .await
        .unwrap();
    let report = run_turn(
        &s.session,
        &PriceTable::built_in(),
        &s.ledger,
        &dev,
        &ask(&dev, "hi"),
        TurnOptions::default(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    let error = report.error.unwrap();
    assert!(
        matches!(error.kind(), ErrorKind::Validation | ErrorKind::NotFound),
        "{error:?}"
    );
    assert!(
        error.hint().unwrap().contains("dev-claude-haiku"),
        "{error:?}"
    );
}

#[tokio::test]
async fn every_turn_is_recorded_exactly_once_and_invalid_ones_not_at_all() {
    let s = setup(Pacing::ZERO).await;
    let haiku = s.entry(HAIKU);
    let prices = PriceTable::built_in();
    for i in 0..3 {
        run_turn(
            &s.session,
            &prices,
            &s.ledger,
            &haiku,
            &ask(&haiku, &format!("question {i}")),
            TurnOptions::default(),
            CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap();
    }
    let empty = ask(&haiku, "   ");
    let e = run_turn(
        &s.session,
        &prices,
        &s.ledger,
        &haiku,
        &empty,
        TurnOptions::default(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let records = s.ledger.read().unwrap().records;
    assert_eq!(records.len(), 3);
    let ids: HashSet<&str> = records.iter().map(|r| r.turn_id.as_str()).collect();
    assert_eq!(ids.len(), 3, "every turn has its own id");
    assert_eq!(
        s.emulator
            .requests()
            .iter()
            .filter(|r| r.operation == "ConverseStream")
            .count(),
        3
    );
}

/// Options with an idle timeout short enough for a test to wait out.
/// Runs one turn to its end with the built-in prices; the report and every event, in order.
async fn turn(
    s: &Setup,
    entry: &ModelEntry,
    request: &ChatRequest,
    options: TurnOptions,
) -> (strata_core::chat::TurnReport, Vec<ChatEvent>) {
    let mut events = Vec::new();
    let report = run_turn(
        &s.session,
        &PriceTable::built_in(),
        &s.ledger,
        entry,
        request,
        options,
        CancellationToken::new(),
        |e| events.push(e),
    )
    .await
    .unwrap();
    (report, events)
}

fn impatient() -> TurnOptions {
    TurnOptions {
        idle_timeout: Duration::from_millis(300),
    }
}

fn conversation_calls(emulator: &EmulatorHandle) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|r| r.operation == "ConverseStream")
        .count()
}

#[tokio::test]
async fn a_stalled_stream_fails_as_a_network_error_and_keeps_the_partial_answer() {
    let s = setup(Pacing::ZERO).await;
    s.emulator
        .add_fault(Fault::Stall {
            operation: "ConverseStream".into(),
            after_chunks: 2,
            count: None,
        })
        .unwrap();
    let haiku = s.entry(HAIKU);
    let (report, events) = turn(
        &s,
        &haiku,
        &ask(&haiku, "Describe the weather on Mars in several sentences."),
        impatient(),
    )
    .await;
    assert_eq!(report.outcome, TurnOutcome::Failed);
    assert_eq!(
        support::event_kinds(&events),
        ["started", "delta", "failed", "finished"]
    );
    let deltas = events
        .iter()
        .filter(|e| matches!(e, ChatEvent::Delta { .. }))
        .count();
    assert_eq!(deltas, 2, "the two chunks sent before the stall are kept");
    assert!(!report.text.is_empty());
    let error = report.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Network);
    assert!(
        error.message().contains("stalled") && error.message().contains("300 ms"),
        "{error}"
    );
    assert!(error.hint().unwrap().contains("kept"), "{error:?}");
    let ledger = s.ledger.read().unwrap();
    assert_eq!(ledger.records.len(), 1);
    assert_eq!(ledger.records[0].outcome, TurnOutcome::Failed);
    assert_eq!(ledger.records[0].error_kind, Some(ErrorKind::Network));
}

#[tokio::test]
async fn a_stream_without_message_stop_ended_early_and_is_never_completed() {
    let s = setup(Pacing::ZERO).await;
    s.emulator
        .add_fault(Fault::NoMessageStop {
            operation: "ConverseStream".into(),
            count: Some(1),
        })
        .unwrap();
    let haiku = s.entry(HAIKU);
    let (report, events) = turn(
        &s,
        &haiku,
        &ask(&haiku, "Describe the weather on Mars in several sentences."),
        impatient(),
    )
    .await;
    assert_eq!(report.outcome, TurnOutcome::EndedEarly);
    assert!(!report.text.is_empty(), "the text that arrived is kept");
    assert_eq!(report.stop_reason, None);
    assert_eq!(
        support::event_kinds(&events),
        ["started", "delta", "failed", "finished"]
    );
    assert!(matches!(
        events.last(),
        Some(ChatEvent::Finished {
            outcome: TurnOutcome::EndedEarly,
            ..
        })
    ));
    let error = report.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Network);
    assert!(error.message().contains("ended early"), "{error}");
    assert_eq!(
        report.usage.cost_usd, None,
        "no usage came: unknown, never 0"
    );
    let ledger = s.ledger.read().unwrap();
    assert_eq!(ledger.records.len(), 1);
    assert_eq!(ledger.records[0].outcome, TurnOutcome::EndedEarly);

    // The fault was counted: the next turn is whole again and completed.
    let again = run_turn(
        &s.session,
        &PriceTable::built_in(),
        &s.ledger,
        &haiku,
        &ask(&haiku, "Describe the weather on Mars in several sentences."),
        impatient(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(again.outcome, TurnOutcome::Completed);
    assert_eq!(again.text, report.text, "the cut answer had all the text");
}

async fn demo_session(emulator: &EmulatorHandle) -> strata_core::Result<Arc<Session>> {
    Session::connect(
        &Settings::default(),
        RunMode::from_switches(["--demo"], None),
        &DemoBedrock::external(emulator.endpoint()),
    )
    .await
    .map(Arc::new)
}

#[tokio::test]
async fn a_turn_cancelled_before_its_connection_sends_nothing_and_records_nothing() {
    let s = setup(Pacing::ZERO).await;
    // The tag fetch before the call hangs: the turn is still getting ready when Stop comes.
    s.emulator
        .add_fault(Fault::Latency {
            operation: "ListTagsForResource".into(),
            ms: 600_000,
        })
        .unwrap();
    let dev = s.entry("dev-claude-haiku");
    assert_eq!(dev.tags, None, "its tags are still to be fetched");
    let request = ask(&dev, "hi");
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let emulator = &s.emulator;
    let prepare = async {
        let session = demo_session(emulator).await?;
        let mut entry = dev.clone();
        trigger.cancel();
        ensure_tags(&session, &mut entry).await;
        Ok::<_, strata_core::Error>((session, entry))
    };
    let mut events = Vec::new();
    let report = run_turn_when_ready(
        &PriceTable::built_in(),
        &s.ledger,
        &request,
        impatient(),
        cancel,
        prepare,
        |e| events.push(e),
    )
    .await
    .unwrap();
    assert_eq!(report, None, "no request was sent, so no report");
    assert_eq!(support::event_kinds(&events), ["finished"]);
    match &events[0] {
        ChatEvent::Finished { outcome, usage } => {
            assert_eq!(*outcome, TurnOutcome::Interrupted);
            assert_eq!((usage.input_tokens, usage.output_tokens), (None, None));
            assert_eq!(usage.cost_usd, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        conversation_calls(&s.emulator),
        0,
        "no ConverseStream was sent"
    );
    assert!(s.ledger.read().unwrap().records.is_empty());
}

#[tokio::test]
async fn a_turn_that_cannot_get_ready_fails_with_its_error_and_records_nothing() {
    let s = setup(Pacing::ZERO).await;
    let haiku = s.entry(HAIKU);
    let mut events = Vec::new();
    let report = run_turn_when_ready(
        &PriceTable::built_in(),
        &s.ledger,
        &ask(&haiku, "hi"),
        impatient(),
        CancellationToken::new(),
        async {
            Err::<(Arc<Session>, ModelEntry), _>(strata_core::Error::new(
                ErrorKind::NotFound,
                "gone is not in the model list",
            ))
        },
        |e| events.push(e),
    )
    .await
    .unwrap();
    assert_eq!(report, None);
    assert_eq!(support::event_kinds(&events), ["failed", "finished"]);
    assert!(matches!(
        &events[0],
        ChatEvent::Failed { error } if error.kind() == ErrorKind::NotFound
    ));
    assert!(matches!(
        &events[1],
        ChatEvent::Finished {
            outcome: TurnOutcome::Failed,
            ..
        }
    ));
    assert_eq!(conversation_calls(&s.emulator), 0);
    assert!(s.ledger.read().unwrap().records.is_empty());
}

#[tokio::test]
async fn a_turn_that_gets_ready_runs_and_is_recorded() {
    let s = setup(Pacing::ZERO).await;
    let dev = s.entry("dev-claude-haiku");
    let emulator = &s.emulator;
    let prepare = async {
        let session = demo_session(emulator).await?;
        let mut entry = dev.clone();
        ensure_tags(&session, &mut entry).await;
        Ok::<_, strata_core::Error>((session, entry))
    };
    let report = run_turn_when_ready(
        &PriceTable::built_in(),
        &s.ledger,
        &ask(&dev, "hi"),
        impatient(),
        CancellationToken::new(),
        prepare,
        |_| {},
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(report.outcome, TurnOutcome::Completed);
    assert!(
        !report.record.tags.is_empty(),
        "tags fetched while getting ready"
    );
    assert_eq!(conversation_calls(&s.emulator), 1);
    assert_eq!(s.ledger.read().unwrap().records.len(), 1);
}

/// The window's and the CLI's way in: a catalog service and a chat service over the emulator.
struct Services {
    emulator: EmulatorHandle,
    catalog: Arc<CatalogService>,
    chat: ChatService,
    _dir: tempfile::TempDir,
}

async fn services() -> Services {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let settings = Settings {
        enable_inference_profiles: true,
        ..Settings::default()
    };
    let catalog = Arc::new(CatalogService::new(
        RunMode::from_switches(["--demo"], None),
        settings,
        None,
        DemoBedrock::external(emulator.endpoint()),
    ));
    let dir = tempfile::tempdir().unwrap();
    let chat = ChatService::new(
        PriceTable::built_in(),
        UsageLedger::new(dir.path().join("strata.db")),
    );
    Services {
        emulator,
        catalog,
        chat,
        _dir: dir,
    }
}

/// A request for `entry` (an id, ARN or name).
fn ask_for(entry: &str, text: &str) -> ChatRequest {
    ChatRequest::new(entry, vec![ChatMessage::text(Role::User, text)])
}

/// Starts a turn and collects its events (they arrive on the turn's task).
fn start(
    s: &Services,
    request: ChatRequest,
    options: StartOptions,
) -> (RunningTurn, std::sync::mpsc::Receiver<ChatEvent>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let turn = s
        .chat
        .start(s.catalog.clone(), request, options, move |e| {
            let _ = tx.send(e);
        })
        .unwrap();
    (turn, rx)
}

#[tokio::test]
async fn a_started_turn_finds_its_entry_by_name_and_is_recorded_once_with_its_tags() {
    let s = services().await;
    // As `strata chat` does: no list loaded yet, the profile named as the user wrote it.
    let options = StartOptions {
        refresh_catalog: true,
        ..StartOptions::default()
    };
    let (turn, events) = start(&s, ask_for("marketing-team-claude-haiku", "hi"), options);
    assert_eq!(s.chat.running_count(), 1, "registered at once");
    let end = turn.finished().await;
    let events: Vec<ChatEvent> = events.try_iter().collect();
    assert_eq!(
        support::event_kinds(&events),
        ["started", "delta", "stopped", "finished"]
    );
    assert_eq!(end.outcome, TurnOutcome::Completed);
    assert_eq!(end.error, None);
    assert!(end.usage.output_tokens.is_some() && end.usage.cost_usd.is_some());
    let entry = end.entry.unwrap();
    assert_eq!(entry.kind, EntryKind::ApplicationProfile);
    assert!(
        !entry.tags.clone().unwrap_or_default().is_empty(),
        "tags fetched before the call"
    );
    let report = end.report.unwrap();
    assert_eq!(report.usage, end.usage);
    assert_eq!(report.stop_reason, Some(StopReason::EndTurn));

    let calls: Vec<_> = s
        .emulator
        .requests()
        .into_iter()
        .filter(|r| r.operation == "ConverseStream")
        .collect();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].model_id.as_deref(), Some(entry.arn.as_str()));
    let rows = s.chat.ledger().read().unwrap().records;
    assert_eq!(rows.len(), 1, "recorded exactly once");
    assert_eq!(rows[0].turn_id, report.record.turn_id);
    assert_eq!(rows[0].entry_id, entry.arn);
    assert_eq!(rows[0].tags, entry.tags.unwrap());
    assert_eq!(s.chat.running_count(), 0, "forgotten once recorded");
}

#[tokio::test]
async fn a_started_turn_cancelled_before_its_request_was_sent_records_nothing() {
    let s = services().await;
    s.catalog.refresh().await;
    let (turn, events) = start(&s, ask_for(HAIKU, "hi"), StartOptions::default());
    // Through the registry, as the window's Stop does, before the turn has done anything.
    assert!(s.chat.cancel(turn.request_id()));
    let end = turn.finished().await;
    let events: Vec<ChatEvent> = events.try_iter().collect();
    assert_eq!(support::event_kinds(&events), ["finished"]);
    assert_eq!(end.outcome, TurnOutcome::Interrupted);
    assert_eq!(end.error, None);
    assert_eq!(end.report, None, "no request was sent");
    assert_eq!(
        (
            end.usage.input_tokens,
            end.usage.output_tokens,
            end.usage.cost_usd
        ),
        (None, None, None)
    );
    assert_eq!(conversation_calls(&s.emulator), 0);
    assert!(s.chat.ledger().read().unwrap().records.is_empty());
    assert_eq!(s.chat.running_count(), 0);
}

#[tokio::test]
async fn a_started_turn_to_an_unknown_entry_fails_as_not_found_and_records_nothing() {
    let s = services().await;
    s.catalog.refresh().await;
    let (turn, events) = start(&s, ask_for("no-such-model", "hi"), StartOptions::default());
    let end = turn.finished().await;
    let events: Vec<ChatEvent> = events.try_iter().collect();
    assert_eq!(support::event_kinds(&events), ["failed", "finished"]);
    assert!(matches!(
        &events[0],
        ChatEvent::Failed { error } if error.kind() == ErrorKind::NotFound
    ));
    assert_eq!(end.outcome, TurnOutcome::Failed);
    let error = end.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.message(),
        "no-such-model is not a model or profile in ap-northeast-1."
    );
    assert!(
        error.hint().unwrap().contains("Refresh the model list"),
        "{error:?}"
    );
    assert_eq!(end.entry, None);
    assert_eq!(end.report, None);
    assert_eq!(conversation_calls(&s.emulator), 0);
    assert!(s.chat.ledger().read().unwrap().records.is_empty());

    // A caller with its own advice (the CLI) says it instead.
    let options = StartOptions {
        refresh_catalog: true,
        missing_entry_hint: Some("`strata models` lists what you can use.".into()),
        ..StartOptions::default()
    };
    let (turn, _events) = start(&s, ask_for("no-such-model", "hi"), options);
    let error = turn.finished().await.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.hint(),
        Some("`strata models` lists what you can use.")
    );
}

#[tokio::test]
async fn an_invalid_request_is_refused_by_start_with_nothing_started() {
    let s = services().await;
    let (tx, rx) = std::sync::mpsc::channel();
    let refused = s
        .chat
        .start(
            s.catalog.clone(),
            ask_for(HAIKU, "   "),
            StartOptions::default(),
            move |e| {
                let _ = tx.send(e);
            },
        )
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Validation);
    assert_eq!(s.chat.running_count(), 0);
    assert_eq!(rx.recv().ok(), None, "no event, and the sender is gone");
    assert_eq!(conversation_calls(&s.emulator), 0);
    assert!(s.chat.ledger().read().unwrap().records.is_empty());
}

//! Turns against the emulator over real HTTP, recorded in a real SQLite database: a turn stopped
//! mid-answer (by the user, or by the app quitting) leaves exactly one `interrupted` ledger row
//! and its partial answer in the conversation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Pacing, Seed};
use strata_core::catalog::{Catalog, LoadOptions};
use strata_core::chat::{ChatEvent, ChatMessage, ChatRequest, ChatService, Role};
use strata_core::conversations::{Conversation, ConversationStore, StoredMessage};
use strata_core::ledger::{TurnOutcome, UsageLedger};
use strata_core::pricing::PriceTable;
use strata_core::storage::Database;
use strata_core::{DemoBedrock, ModelEntry, RunMode, Session, Settings};

const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";

struct Setup {
    emulator: EmulatorHandle,
    session: Arc<Session>,
    entry: ModelEntry,
    chat: Arc<ChatService>,
    conversations: ConversationStore,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    // Slow enough that the answer is still streaming when the stop comes.
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo).with_pacing(Pacing {
        time_to_first_token: Duration::ZERO,
        per_chunk: Duration::from_millis(30),
    }))
    .await
    .unwrap();
    let session = Session::connect(
        &Settings::default(),
        RunMode::from_switches(["--demo"], None),
        &DemoBedrock::external(emulator.endpoint()),
    )
    .await
    .unwrap();
    let catalog = Catalog::load(session.control(), &session.target, LoadOptions::default())
        .await
        .unwrap();
    let entry = catalog
        .entries
        .iter()
        .find(|e| e.id == HAIKU)
        .unwrap()
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Database::open_in(dir.path()).unwrap());
    let chat = Arc::new(ChatService::new(
        PriceTable::built_in(),
        UsageLedger::with_database(db.clone()),
    ));
    Setup {
        emulator,
        session: Arc::new(session),
        entry,
        chat,
        conversations: ConversationStore::new(db),
        _dir: dir,
    }
}

const QUESTION: &str = "Explain cross-region inference in detail, step by step, with examples.";

/// The conversation as the UI saves it when the message is sent.
fn sent(id: &str, entry: &ModelEntry) -> Conversation {
    Conversation {
        id: id.into(),
        title: "Cross-region".into(),
        entry_id: entry.id.clone(),
        entry_name: entry.name.clone(),
        system: None,
        max_tokens: None,
        created_ms: 1,
        updated_ms: 1,
        messages: vec![StoredMessage {
            role: Role::User,
            text: QUESTION.into(),
            outcome: None,
            stop_reason: None,
            usage: None,
            error: None,
            attachments: Vec::new(),
            reasoning: None,
        }],
        parameters: Default::default(),
    }
}

fn request(entry: &ModelEntry, conversation_id: &str) -> ChatRequest {
    ChatRequest {
        conversation_id: Some(conversation_id.into()),
        ..ChatRequest::new(
            entry.id.clone(),
            vec![ChatMessage::text(Role::User, QUESTION)],
        )
    }
}

#[tokio::test]
async fn a_turn_cancelled_mid_answer_records_one_interrupted_row_and_the_partial_answer() {
    let s = setup().await;
    s.conversations.save(sent("c1", &s.entry)).unwrap();
    let (id, cancel) = s.chat.begin();
    let trigger = cancel.clone();
    let mut deltas = 0;
    let report = s
        .chat
        .run(
            &s.session,
            &s.entry,
            &request(&s.entry, "c1"),
            &id,
            cancel,
            |e| {
                if matches!(e, ChatEvent::Delta { .. }) {
                    deltas += 1;
                    if deltas == 3 {
                        trigger.cancel();
                    }
                }
            },
        )
        .await
        .unwrap();
    assert_eq!(report.outcome, TurnOutcome::Interrupted);
    assert!(!report.text.is_empty());

    let rows = s.chat.ledger().read().unwrap().records;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].outcome, TurnOutcome::Interrupted);
    assert_eq!(rows[0].turn_id, report.record.turn_id);

    let saved = s.conversations.get("c1").unwrap().unwrap();
    assert_eq!(saved.messages.len(), 2, "{saved:?}");
    let answer = &saved.messages[1];
    assert_eq!(answer.role, Role::Assistant);
    assert_eq!(answer.text, report.text, "the partial answer, as streamed");
    assert_eq!(answer.outcome, Some(TurnOutcome::Interrupted));
    assert_eq!(
        answer.usage.as_ref().map(|u| u.latency_ms),
        Some(report.usage.latency_ms)
    );
    s.emulator.shutdown().await;
}

#[tokio::test]
async fn quitting_mid_answer_waits_until_the_partial_turn_is_recorded() {
    let s = setup().await;
    // Not saved by the UI at all: the backend creates the conversation from the request.
    let (id, cancel) = s.chat.begin();
    let (first_text, got_text) = tokio::sync::oneshot::channel::<()>();
    let running = {
        let (chat, session, entry) = (s.chat.clone(), s.session.clone(), s.entry.clone());
        tokio::spawn(async move {
            let mut first_text = Some(first_text);
            chat.run(&session, &entry, &request(&entry, "c2"), &id, cancel, |e| {
                if matches!(e, ChatEvent::Delta { .. }) {
                    if let Some(tx) = first_text.take() {
                        let _ = tx.send(());
                    }
                }
            })
            .await
            .unwrap()
        })
    };
    got_text.await.unwrap();
    assert_eq!(s.chat.running_count(), 1);
    // What the app's exit hook does.
    assert!(s.chat.shutdown(Duration::from_secs(20)).await);
    assert_eq!(s.chat.running_count(), 0);
    // Recorded before `shutdown` returned: read it before the task is even joined.
    let rows = s.chat.ledger().read().unwrap().records;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].outcome, TurnOutcome::Interrupted);
    let saved = s.conversations.get("c2").unwrap().unwrap();
    assert_eq!(saved.messages.len(), 2);
    assert_eq!(saved.messages[0].text, QUESTION);
    assert!(!saved.messages[1].text.is_empty());
    assert_eq!(saved.messages[1].outcome, Some(TurnOutcome::Interrupted));
    let report = running.await.unwrap();
    assert_eq!(saved.messages[1].text, report.text);
    s.emulator.shutdown().await;
}

#[tokio::test]
async fn shutdown_with_nothing_running_returns_at_once() {
    let s = setup().await;
    assert!(s.chat.shutdown(Duration::from_secs(1)).await);
    s.emulator.shutdown().await;
}

//! Tests of the conversation store: save, replace, delete, where a finished turn lands, titles,
//! and messages written by earlier versions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

/// A one-message conversation last updated at `updated` (also used by the storage tests).
pub(crate) fn conversation(id: &str, updated: u64) -> Conversation {
    Conversation {
        id: id.into(),
        title: "t".into(),
        entry_id: "m".into(),
        entry_name: "M".into(),
        system: None,
        max_tokens: None,
        created_ms: 1,
        updated_ms: updated,
        messages: vec![StoredMessage {
            role: Role::User,
            text: "hello".into(),
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

fn store() -> (tempfile::TempDir, ConversationStore) {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Database::open(&dir.path().join("strata.db")).unwrap());
    (dir, ConversationStore::new(db))
}

#[test]
fn save_list_replace_delete() {
    let (_dir, store) = store();
    assert!(store.list().unwrap().is_empty());
    store.save(conversation("a", 1)).unwrap();
    store.save(conversation("b", 5)).unwrap();
    let mut longer = conversation("a", 9);
    longer.messages.push(StoredMessage {
        role: Role::Assistant,
        text: "hi there".into(),
        outcome: Some(TurnOutcome::Completed),
        stop_reason: Some("end_turn".into()),
        usage: Some(StoredUsage {
            input_tokens: Some(3),
            output_tokens: None,
            latency_ms: 12,
            ttft_ms: Some(4),
            cost_usd: None,
            cache_read_tokens: None,
            cache_write_tokens: None,
            reasoning_tokens: None,
            service_tier: None,
            cache_saved_usd: None,
        }),
        error: Some(Error::new(ErrorKind::Throttled, "Slow down.").with_hint("Wait.")),
        attachments: Vec::new(),
        reasoning: None,
    });
    store.save(longer.clone()).unwrap();
    let list = store.list().unwrap();
    let ids: Vec<&str> = list.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(list[0], longer, "every field comes back");
    // Saving a shorter version replaces the messages, not appends to them.
    store.save(conversation("a", 10)).unwrap();
    assert_eq!(store.get("a").unwrap().unwrap().messages.len(), 1);
    assert!(store.delete("a").unwrap());
    assert!(!store.delete("a").unwrap());
    assert_eq!(store.list().unwrap().len(), 1);
}

fn finished(conversation_id: &str, user_text: &str, answer: &str) -> FinishedTurn {
    FinishedTurn {
        conversation_id: conversation_id.into(),
        entry_id: "m".into(),
        entry_name: "M".into(),
        system: None,
        max_tokens: Some(100),
        user_text: user_text.into(),
        answer: StoredMessage {
            role: Role::Assistant,
            text: answer.into(),
            outcome: Some(TurnOutcome::Interrupted),
            stop_reason: None,
            usage: None,
            error: None,
            attachments: Vec::new(),
            reasoning: None,
        },
        time_ms: 50,
        user_attachments: Vec::new(),
    }
}

fn texts(store: &ConversationStore, id: &str) -> Vec<(Role, String)> {
    store
        .get(id)
        .unwrap()
        .unwrap()
        .messages
        .into_iter()
        .map(|m| (m.role, m.text))
        .collect()
}

fn write(store: &ConversationStore, turn: &FinishedTurn) {
    store
        .db
        .write("test", |tx| write_finished_turn(tx, turn, "turn-1"))
        .unwrap();
}

#[test]
fn a_finished_turn_lands_after_the_message_it_answers() {
    let (_dir, store) = store();
    // Saved at send time with the user's message: the answer follows it.
    store.save(conversation("sent", 1)).unwrap();
    write(&store, &finished("sent", "hello", "partial"));
    assert_eq!(
        texts(&store, "sent"),
        [
            (Role::User, "hello".into()),
            (Role::Assistant, "partial".into())
        ]
    );
    assert_eq!(store.get("sent").unwrap().unwrap().updated_ms, 50);

    // Saved with an empty placeholder for the answer: the answer takes its place.
    let mut placeholder = conversation("pending", 1);
    placeholder.messages.push(StoredMessage {
        role: Role::Assistant,
        text: String::new(),
        outcome: None,
        stop_reason: None,
        usage: None,
        error: None,
        attachments: Vec::new(),
        reasoning: None,
    });
    store.save(placeholder).unwrap();
    write(&store, &finished("pending", "hello", "answer"));
    assert_eq!(texts(&store, "pending").len(), 2);

    // Saved only up to the previous turn: the new user message is added first.
    let mut earlier = conversation("earlier", 1);
    earlier
        .messages
        .push(finished("x", "", "first answer").answer);
    store.save(earlier).unwrap();
    write(
        &store,
        &finished("earlier", "second question", "second answer"),
    );
    assert_eq!(
        texts(&store, "earlier"),
        [
            (Role::User, "hello".into()),
            (Role::Assistant, "first answer".into()),
            (Role::User, "second question".into()),
            (Role::Assistant, "second answer".into()),
        ]
    );

    // Never saved: the conversation is created with a title from the message.
    write(
        &store,
        &finished("new", "What is an inference profile?\nmore", "It is"),
    );
    let created = store.get("new").unwrap().unwrap();
    assert_eq!(created.title, "What is an inference profile?");
    assert_eq!(created.max_tokens, Some(100));
    assert_eq!(created.messages.len(), 2);
    assert_eq!(created.messages[1].outcome, Some(TurnOutcome::Interrupted));
}

#[test]
fn an_answer_keeps_its_error_kind_and_an_unknown_stop_reason_as_bedrock_sent_it() {
    let (_dir, store) = store();
    let mut c = conversation("a", 1);
    c.messages.push(StoredMessage {
        role: Role::Assistant,
        text: "partial".into(),
        outcome: Some(TurnOutcome::Failed),
        stop_reason: Some(StopReason::from("a_reason_from_a_newer_bedrock")),
        usage: None,
        error: Some(Error::new(ErrorKind::Network, "The answer stalled.").with_hint("Retry.")),
        attachments: Vec::new(),
        reasoning: None,
    });
    store.save(c.clone()).unwrap();
    let back = store.get("a").unwrap().unwrap();
    assert_eq!(back, c);
    let answer = &back.messages[1];
    assert_eq!(
        answer.stop_reason,
        Some(StopReason::Other("a_reason_from_a_newer_bedrock".into()))
    );
    let error = answer.error.as_ref().unwrap();
    assert_eq!(error.kind(), ErrorKind::Network);
    assert_eq!(error.hint(), Some("Retry."));
}

#[test]
fn a_message_saved_with_a_plain_text_error_by_an_earlier_strata_still_loads() {
    let (_dir, store) = store();
    store.save(conversation("old", 1)).unwrap();
    // What Strata wrote before the error's kind was kept: the message and hint as one text.
    store
        .db
        .write("test", |tx| {
            tx.execute(
                "INSERT INTO messages (conversation_id, position, role, text, outcome, stop_reason, usage, error)
                 VALUES ('old', 1, 'assistant', 'It is', 'failed', 'max_tokens', NULL,
                         'Bedrock throttled the answer in us-east-1. Wait a few seconds and retry.')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let old = store.get("old").unwrap().unwrap();
    let answer = &old.messages[1];
    assert_eq!(answer.text, "It is");
    assert_eq!(answer.stop_reason, Some(StopReason::MaxTokens));
    let error = answer.error.as_ref().unwrap();
    assert_eq!(error.kind(), ErrorKind::Internal, "its kind was not kept");
    assert_eq!(
        error.message(),
        "Bedrock throttled the answer in us-east-1. Wait a few seconds and retry."
    );
    assert_eq!(error.hint(), None);
    // Saved again, it is written in the structured form and reads back the same.
    store.save(old.clone()).unwrap();
    assert_eq!(store.get("old").unwrap().unwrap(), old);
}

#[test]
fn titles_are_cut_at_character_boundaries() {
    let long = "🙂".repeat(70);
    let t = title(&long);
    assert_eq!(t.chars().count(), 58);
    assert!(t.ends_with('…'));
    assert_eq!(title("  short  \nsecond"), "short");
    assert_eq!(title("   "), "New chat");
    // A title with an emoji at the cut saves and reads back.
    let (_dir, store) = store();
    let mut c = conversation("emoji", 1);
    c.title = t.clone();
    store.save(c).unwrap();
    assert_eq!(store.get("emoji").unwrap().unwrap().title, t);
}

fn attachment(
    name: &str,
    kind: crate::chat::AttachmentKind,
    format: &str,
    data: &str,
) -> Attachment {
    Attachment {
        name: name.into(),
        kind,
        format: format.into(),
        data: data.into(),
        size: 3,
    }
}

/// A conversation with parameters, a user message with two files and an answer with reasoning.
fn with_features(id: &str) -> Conversation {
    let mut c = conversation(id, 2);
    c.parameters = ChatParameters {
        temperature: Some(0.25),
        top_p: None,
        stop_sequences: vec!["User:".into(), "|".into()],
        reasoning: crate::chat::ReasoningLevel::Medium,
        service_tier: Some(ServiceTier::Flex),
    };
    c.messages[0].attachments = vec![
        attachment(
            "chart.png",
            crate::chat::AttachmentKind::Image,
            "png",
            "iVBORw==",
        ),
        attachment(
            "notes, v2.md",
            crate::chat::AttachmentKind::Document,
            "md",
            "IyBIaQ==",
        ),
    ];
    c.messages.push(StoredMessage {
        role: Role::Assistant,
        text: "The chart shows growth.".into(),
        outcome: Some(TurnOutcome::Completed),
        stop_reason: Some("end_turn".into()),
        usage: Some(StoredUsage {
            input_tokens: Some(10),
            output_tokens: Some(30),
            latency_ms: 12,
            ttft_ms: Some(4),
            cost_usd: Some(0.001),
            cache_read_tokens: Some(2_048),
            cache_write_tokens: Some(0),
            reasoning_tokens: Some(20),
            service_tier: Some(ServiceTier::Flex),
            cache_saved_usd: Some(0.0005),
        }),
        error: None,
        attachments: Vec::new(),
        reasoning: Some(Reasoning {
            text: "Look at the axes first.".into(),
            signature: Some("EqQBCkgIARABGAIiQL+sig/with+base64==".into()),
            redacted: vec!["ZW5jcnlwdGVk".into()],
        }),
    });
    c
}

fn attachment_rows(store: &ConversationStore) -> i64 {
    store
        .db
        .read("test", |c| {
            c.query_row("SELECT count(*) FROM attachments", [], |r| r.get(0))
        })
        .unwrap()
}

#[test]
fn parameters_attachments_and_reasoning_round_trip_intact() {
    let (_dir, store) = store();
    let c = with_features("f");
    store.save(c.clone()).unwrap();
    let back = store.get("f").unwrap().unwrap();
    assert_eq!(back, c);
    assert_eq!(back.messages[0].attachments[1].data, "IyBIaQ==");
    assert_eq!(
        back.messages[1]
            .reasoning
            .as_ref()
            .unwrap()
            .signature
            .as_deref(),
        Some("EqQBCkgIARABGAIiQL+sig/with+base64==")
    );
    // A conversation that never changed its parameters reads back the defaults.
    store.save(conversation("plain", 1)).unwrap();
    let plain = store.get("plain").unwrap().unwrap();
    assert_eq!(plain.parameters, ChatParameters::default());
    assert!(plain.messages[0].attachments.is_empty());
}

#[test]
fn saving_again_keeps_one_row_per_file_and_drops_the_files_of_removed_messages() {
    let (_dir, store) = store();
    let mut c = with_features("f");
    store.save(c.clone()).unwrap();
    store.save(c.clone()).unwrap();
    assert_eq!(
        attachment_rows(&store),
        2,
        "one row per file after a second save"
    );
    // Files that did not change are not written again.
    let files = c.messages[0].attachments.clone();
    let written = store
        .db
        .write("test", |tx| {
            let before = tx.total_changes();
            write_attachments(tx, "f", 0, &files)?;
            Ok(tx.total_changes() - before)
        })
        .unwrap();
    assert_eq!(written, 0);
    // One file removed, one changed: the rows follow.
    c.messages[0].attachments.truncate(1);
    c.messages[0].attachments[0].data = "R0lGOD==".into();
    store.save(c.clone()).unwrap();
    assert_eq!(attachment_rows(&store), 1);
    assert_eq!(store.get("f").unwrap().unwrap(), c);
    // The message that held it goes: so does its file.
    c.messages.truncate(0);
    store.save(c).unwrap();
    assert_eq!(attachment_rows(&store), 0);
    // Deleting a conversation deletes its files.
    store.save(with_features("g")).unwrap();
    assert!(store.delete("g").unwrap());
    assert_eq!(attachment_rows(&store), 0);
}

#[test]
fn a_finished_turn_keeps_the_users_files_and_the_answers_reasoning() {
    let (_dir, store) = store();
    let features = with_features("x");
    let mut turn = finished("new", "What is in the chart?", "Growth.");
    turn.user_attachments = features.messages[0].attachments.clone();
    turn.answer.reasoning = features.messages[1].reasoning.clone();
    write(&store, &turn);
    let back = store.get("new").unwrap().unwrap();
    assert_eq!(back.messages[0].attachments, turn.user_attachments);
    assert_eq!(back.messages[1].reasoning, turn.answer.reasoning);
    assert!(back.messages[1].attachments.is_empty());
}

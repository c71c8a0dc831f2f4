//! What Strata adds on the way from the SDK to the UI, beside the raw SDK measured in the same run,
//! against the emulator at zero pacing:
//!
//! - per chunk: `run_turn` with a callback that serialises each event to JSON (what a Tauri
//!   `Channel` does before handing it to the webview) vs draining the same ConverseStream with the
//!   raw SDK; the difference divided by the chunks of the answer;
//! - time to first token: to the first `Delta` callback vs to the first text event of the raw SDK.
//!
//! Run: `scripts/bench chat [--runs N] [--markdown FILE]`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, Message,
};
use bedrock_emulator::{Emulator, EmulatorConfig, Seed};
use strata_core::catalog::{Catalog, LoadOptions};
use strata_core::chat::{run_turn, ChatEvent, ChatMessage, ChatRequest, Role, TurnOptions};
use strata_core::ledger::UsageLedger;
use strata_core::pricing::PriceTable;
use strata_core::{DemoBedrock, RunMode, Session, Settings};
use tokio_util::sync::CancellationToken;

const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
const WORDS: usize = 1_500;

fn args() -> (usize, Option<String>) {
    let mut runs = 15;
    let mut markdown = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|s| s.parse().ok()).expect("--runs N"),
            "--markdown" => markdown = it.next(),
            "--bench" => {}
            other => eprintln!("ignoring argument {other:?}"),
        }
    }
    (runs, markdown)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The raw SDK: (time to the first text, time to the end, text chunks).
async fn raw(client: &aws_sdk_bedrockruntime::Client, prompt: &str) -> (Duration, Duration, usize) {
    let start = Instant::now();
    let mut out = client
        .converse_stream()
        .model_id(HAIKU)
        .messages(
            Message::builder()
                .role(ConversationRole::User)
                .content(ContentBlock::Text(prompt.to_owned()))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let mut first = None;
    let mut chunks = 0;
    while let Some(event) = out.stream.recv().await.unwrap() {
        if let ConverseStreamOutput::ContentBlockDelta(d) = event {
            if let Some(ContentBlockDelta::Text(t)) = d.delta {
                std::hint::black_box(&t);
                first.get_or_insert_with(|| start.elapsed());
                chunks += 1;
            }
        }
    }
    (first.unwrap(), start.elapsed(), chunks)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (runs, markdown) = args();
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let session = Session::connect(
        &Settings {
            region: Some("us-east-1".into()),
            ..Settings::default()
        },
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
    let ledger = UsageLedger::new(dir.path().join("usage.jsonl"));
    let prices = PriceTable::built_in();
    // The emulator answers in proportion to the prompt: a long prompt gives a long answer.
    let prompt: String = (0..WORDS).map(|i| format!("word{i} ")).collect();
    let request = ChatRequest::new(
        entry.id.clone(),
        vec![ChatMessage::text(Role::User, prompt.clone())],
    );

    // Warm up both paths (connections, allocations).
    raw(session.runtime(), &prompt).await;
    run_turn(
        &session,
        &prices,
        &ledger,
        &entry,
        &request,
        TurnOptions::default(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();

    let mut raw_first = Vec::new();
    let mut raw_total = Vec::new();
    let mut app_first = Vec::new();
    let mut app_total = Vec::new();
    let mut chunks = 0;
    for _ in 0..runs {
        let (f, t, c) = raw(session.runtime(), &prompt).await;
        raw_first.push(f);
        raw_total.push(t);
        chunks = c;

        let start = Instant::now();
        let mut first = None;
        let mut bytes = 0usize;
        run_turn(
            &session,
            &prices,
            &ledger,
            &entry,
            &request,
            TurnOptions::default(),
            CancellationToken::new(),
            |e| {
                if matches!(e, ChatEvent::Delta { .. }) && first.is_none() {
                    first = Some(start.elapsed());
                }
                // What a Tauri Channel does with each event before the webview gets it.
                bytes += serde_json::to_vec(&e).unwrap().len();
            },
        )
        .await
        .unwrap();
        app_total.push(start.elapsed());
        app_first.push(first.unwrap());
        std::hint::black_box(bytes);
    }
    emulator.shutdown().await;

    let (rf, rt, af, at) = (
        median(raw_first),
        median(raw_total),
        median(app_first),
        median(app_total),
    );
    let per_chunk_raw = us(rt) / chunks as f64;
    let per_chunk_app = us(at) / chunks as f64;
    let overhead = per_chunk_app - per_chunk_raw;
    let mut table = format!(
        "| chat, {chunks} chunks per answer, median of {runs} | Strata (run_turn + JSON per event) | raw SDK | difference | target |\n|---|---:|---:|---:|---|\n"
    );
    table.push_str(&format!(
        "| time per chunk | {per_chunk_app:.1} µs | {per_chunk_raw:.1} µs | {overhead:+.1} µs ({:.2}×) | overhead < 100 µs |\n",
        per_chunk_app / per_chunk_raw
    ));
    table.push_str(&format!(
        "| time to first token | {:.2} ms | {:.2} ms | {:+.2} ms | ≤ +5 ms |\n",
        us(af) / 1000.0,
        us(rf) / 1000.0,
        (us(af) - us(rf)) / 1000.0
    ));
    table.push_str(&format!(
        "| whole answer | {:.1} ms | {:.1} ms | {:.2}× | – |\n",
        us(at) / 1000.0,
        us(rt) / 1000.0,
        us(at) / us(rt)
    ));
    println!("{table}");
    if let Some(path) = markdown {
        std::fs::write(&path, &table).unwrap();
        eprintln!("wrote {path}");
    }
}

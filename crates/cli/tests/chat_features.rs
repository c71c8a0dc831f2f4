//! `strata-cli chat`'s options for a model's features, as real processes against the emulator
//! (real-AWS mode, so the emulator's request log shows what was called): an option the model
//! cannot take or an attachment over AWS's limits exits 1 before any model call (an attachment
//! before any call at all); reasoning, the tier and cache points reach the wire and come back on
//! stderr and in `strata usage --export jsonl`; `--no-cache` sends no cache point.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use serde_json::Value;

const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
const SONNET_45_JP: &str = "jp.anthropic.claude-sonnet-4-5-20250929-v1:0";
const NOVA_MICRO_APAC: &str = "apac.amazon.nova-micro-v1:0";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

struct Home {
    dir: tempfile::TempDir,
    endpoint: String,
}

impl Home {
    fn new(emulator: &EmulatorHandle) -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            endpoint: emulator.endpoint().to_owned(),
        }
    }

    /// `strata-cli ARGS` in real-AWS mode (static keys) against the emulator.
    fn run(&self, args: &[&str]) -> Output {
        let home = self.dir.path();
        Command::new(env!("CARGO_BIN_EXE_strata-cli"))
            .args(args)
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
            .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
            .env("AWS_REGION", "ap-northeast-1")
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .output()
            .unwrap()
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }

    fn ledger_lines(&self) -> Vec<Value> {
        let out = self.run(&["usage", "--export", "jsonl"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn emulator(runtime: &tokio::runtime::Runtime) -> EmulatorHandle {
    runtime
        .block_on(Emulator::start(EmulatorConfig::for_tests(Seed::Demo)))
        .unwrap()
}

fn model_calls(emulator: &EmulatorHandle) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|r| r.operation == "ConverseStream" || r.operation == "Converse")
        .count()
}

/// Runs `args` and checks it exits 1 saying `said`, with no model call.
fn refused(home: &Home, emulator: &EmulatorHandle, args: &[&str], said: &str) {
    let out = home.run(args);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains(said), "{args:?}: {err}");
    assert_eq!(model_calls(emulator), 0, "{args:?} called the model");
}

#[test]
fn an_option_the_model_cannot_take_or_an_oversized_file_exits_1_before_any_call() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = emulator(&runtime);
    let home = Home::new(&emulator);

    // An attachment over AWS's limits: refused before any call at all.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(5_200_000, b' ');
    let big = home.file("report.pdf", &pdf);
    refused(
        &home,
        &emulator,
        &["chat", "--model", HAIKU, "--attach", &big, "Summarise it"],
        "report.pdf is 5.2 MB; Bedrock takes documents of up to 4.5 MB.",
    );
    assert!(
        emulator.requests().is_empty(),
        "no call at all: {:?}",
        emulator.requests()
    );

    // Options the model underneath cannot take: refused after the list, before the model.
    refused(
        &home,
        &emulator,
        &["chat", "--model", HAIKU, "--reasoning-budget", "high", "hi"],
        "has no extended thinking",
    );
    refused(
        &home,
        &emulator,
        &["chat", "--model", HAIKU, "--reasoning-budget", "4096", "hi"],
        "has no extended thinking",
    );
    refused(
        &home,
        &emulator,
        &["chat", "--model", HAIKU, "--service-tier", "priority", "hi"],
        "does not offer the priority service tier",
    );
    refused(
        &home,
        &emulator,
        &["chat", "--model", HAIKU, "--max-tokens", "5000", "hi"],
        "at most 4096",
    );
    let png = home.file("chart.png", PNG);
    refused(
        &home,
        &emulator,
        &[
            "chat",
            "--model",
            NOVA_MICRO_APAC,
            "--attach",
            &png,
            "What is this?",
        ],
        "chart.png cannot be sent",
    );
    refused(
        &home,
        &emulator,
        &[
            "chat",
            "--model",
            "amazon.titan-text-express-v1",
            "--stop",
            "END",
            "hi",
        ],
        "only the stop sequences",
    );
    refused(
        &home,
        &emulator,
        &[
            "chat",
            "--model",
            SONNET_45_JP,
            "--temperature",
            "0.5",
            "--top-p",
            "0.9",
            "hi",
        ],
        "a temperature or a top-p, not both",
    );
    // A bad word is a usage error (2), said by the parser.
    let out = home.run(&["chat", "--model", HAIKU, "--service-tier", "fast", "hi"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(model_calls(&emulator), 0);
    assert!(home.ledger_lines().is_empty());
    runtime.block_on(emulator.shutdown());
}

/// A system prompt over Sonnet 4.5's caching minimum (1,024 tokens).
fn long_system() -> String {
    (0..3_000)
        .map(|i| format!("rule{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn reasoning_tier_and_cache_reach_the_wire_and_the_ledger_and_no_cache_sends_no_point() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = emulator(&runtime);
    let home = Home::new(&emulator);
    let system = long_system();
    let out = home.run(&[
        "chat",
        "--model",
        SONNET_45_JP,
        "--system",
        &system,
        "--reasoning-budget",
        "low",
        "--service-tier",
        "default",
        "--stop",
        "THE END",
        "Is 1,021 a prime number?",
    ]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!text(&out.stdout).trim().is_empty());
    // The reasoning comes on stderr, marked, before the end line.
    let reasoning_at = err.find("[reasoning]").expect("the reasoning on stderr");
    let end_at = err.find("[end of reasoning]").unwrap();
    assert!(reasoning_at < end_at, "{err}");
    assert!(err.contains("reasoning tokens"), "{err}");
    assert!(err.contains("tier default"), "{err}");
    assert!(err.contains("cache 0 read / "), "{err}");
    assert_eq!(model_calls(&emulator), 1);

    let out = home.run(&[
        "chat",
        "--model",
        SONNET_45_JP,
        "--system",
        &system,
        "--no-cache",
        "Is 1,021 a prime number?",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let lines = home.ledger_lines();
    assert_eq!(lines.len(), 2);
    let (cached, uncached) = (&lines[0], &lines[1]);
    assert!(cached["cacheWriteTokens"].as_u64().unwrap() > 0, "{cached}");
    assert!(cached["reasoningTokens"].as_u64().unwrap() > 0, "{cached}");
    assert_eq!(cached["serviceTier"], "default", "{cached}");
    // No cache point sent: nothing written, nothing read, no reasoning asked for.
    assert!(
        uncached["cacheWriteTokens"].as_u64().unwrap_or(0) == 0,
        "{uncached}"
    );
    assert!(
        uncached["cacheReadTokens"].as_u64().unwrap_or(0) == 0,
        "{uncached}"
    );
    assert!(uncached["reasoningTokens"].is_null(), "{uncached}");
    runtime.block_on(emulator.shutdown());
}

//! `strata chat` and `strata usage` as real processes: the answer streams to stdout, the ledger
//! gets the turn with the profile's tags, and a process killed mid-answer loses no earlier turn.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use bedrock_emulator::{Emulator, EmulatorConfig, Pacing, Seed};
use serde_json::Value;

struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap())
    }

    fn command(&self, args: &[&str]) -> Command {
        let home = self.0.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
        cmd.args(args)
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"));
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// The ledger's turns, through `strata usage --export jsonl` (the ledger is in `strata.db`).
    fn ledger_lines(&self) -> Vec<Value> {
        let out = self.run(&["usage", "--export", "jsonl"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn database(&self) -> PathBuf {
        self.0
            .path()
            .join(".local/share/io.strata.desktop/strata.db")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_turn_through_a_profile_streams_and_is_recorded_with_its_tags() {
    let home = Home::new();
    let out = home.run(&[
        "chat",
        "--demo",
        "--model",
        "dev-claude-haiku",
        "What does a profile do?",
    ]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(
        text(&out.stdout).trim().len() > 10,
        "an answer: {}",
        text(&out.stdout)
    );
    let err = text(&out.stderr);
    assert!(err.contains("tokens"), "{err}");
    assert!(err.contains("$0.0"), "a cost: {err}");
    assert!(
        err.contains("via dev-claude-haiku [Environment=Development,CostOptimized=true]"),
        "{err}"
    );

    let lines = home.ledger_lines();
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line["kind"], "ApplicationProfile");
    assert_eq!(line["entryName"], "dev-claude-haiku");
    assert!(line["profileArn"]
        .as_str()
        .unwrap()
        .contains(":application-inference-profile/"));
    assert_eq!(line["entryId"], line["profileArn"]);
    assert_eq!(line["outcome"], "completed");
    assert!(line["inputTokens"].as_u64().unwrap() > 0);
    assert!(line["costUsd"].as_f64().unwrap() > 0.0);
    let tags: Vec<String> = line["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{}={}",
                t["key"].as_str().unwrap(),
                t["value"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(tags, ["Environment=Development", "CostOptimized=true"]);

    // A second turn through a foundation model, then the totals by tag.
    let out = home.run(&[
        "chat",
        "--demo",
        "--model",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "Hi",
    ]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let out = home.run(&["usage", "--json", "--by", "tag:Environment"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let usage: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(usage["turns"], 2);
    let keys: Vec<&str> = usage["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"Development") && keys.contains(&"(untagged)"),
        "{keys:?}"
    );

    // The flat file for people who want one: every field of each turn, one a line.
    let csv = home.run(&["usage", "--export", "csv"]);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    let csv = text(&csv.stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(
        rows[0].starts_with("timeMs,turnId,entryId,kind,entryName,profileArn,tags,"),
        "{csv}"
    );
    assert!(
        rows[1].contains(",ApplicationProfile,dev-claude-haiku,arn:aws:bedrock:"),
        "{csv}"
    );
    assert!(home.database().exists());

    let table = home.run(&["usage"]);
    assert!(
        text(&table.stdout).contains("dev-claude-haiku"),
        "{}",
        text(&table.stdout)
    );
}

#[test]
fn max_tokens_cut_is_said_on_stderr() {
    let home = Home::new();
    let out = home.run(&[
        "chat",
        "--demo",
        "--max-tokens",
        "2",
        "--model",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "Tell me everything about Bedrock.",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("cut at the max-token limit"));
    assert_eq!(home.ledger_lines()[0]["stopReason"], "max_tokens");
}

#[test]
fn bad_input_is_refused_before_any_call_and_records_nothing() {
    let home = Home::new();
    let out = home.run(&["chat", "--demo", "--model", "dev-claude-haiku", "   "]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("empty message"),
        "{}",
        text(&out.stderr)
    );
    let out = home.run(&["chat", "--demo", "--model", "no-such-model", "hi"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is not a model or profile in ap-northeast-1"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("hint: "));
    assert!(home.ledger_lines().is_empty());
    let out = home.run(&["usage", "--by", "colour"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_process_killed_mid_answer_loses_no_earlier_turn() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // A slow model: 40 ms between chunks, so the answer is still streaming when the kill comes.
    let emulator = runtime
        .block_on(Emulator::start(
            EmulatorConfig::for_tests(Seed::Demo).with_pacing(Pacing {
                time_to_first_token: Duration::ZERO,
                per_chunk: Duration::from_millis(40),
            }),
        ))
        .unwrap();
    let endpoint = emulator.endpoint();
    let home = Home::new();
    let real = |cmd: &mut Command| {
        cmd.env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
            .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
            .env("AWS_REGION", "ap-northeast-1")
            .env("AWS_ENDPOINT_URL", &endpoint);
    };
    let model = "anthropic.claude-3-haiku-20240307-v1:0";

    let mut first = home.command(&["chat", "--model", model, "Hi"]);
    real(&mut first);
    let out = first.output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(home.ledger_lines().len(), 1);

    let mut second = home.command(&[
        "chat",
        "--model",
        model,
        "Explain inference profiles at length, with many examples and details.",
    ]);
    real(&mut second);
    let mut child = second
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first_bytes = [0u8; 8];
    let deadline = Instant::now() + Duration::from_secs(20);
    stdout.read_exact(&mut first_bytes).unwrap();
    assert!(Instant::now() < deadline);
    child.kill().unwrap();
    child.wait().unwrap();

    // The earlier turn is intact and readable; the killed one never finished, so it is absent.
    let lines = home.ledger_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["outcome"], "completed");
    let mut usage = home.command(&["usage", "--json"]);
    real(&mut usage);
    let out = usage.output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["turns"], 1);

    // And the next turn appends after it.
    let mut third = home.command(&["chat", "--model", model, "Again"]);
    real(&mut third);
    assert!(third.output().unwrap().status.success());
    assert_eq!(home.ledger_lines().len(), 2);
    runtime.block_on(emulator.shutdown());
}

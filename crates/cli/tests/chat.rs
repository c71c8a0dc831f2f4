//! `strata-cli chat` and `strata-cli usage` (what `strata chat` and `strata usage` run) as real
//! processes: the answer streams to stdout, the ledger gets the turn with the profile's tags,
//! Ctrl+C keeps and records the partial answer, a process killed mid-answer leaves the earlier
//! turns readable, the prompt can come from stdin, and model text reaches the terminal without
//! control sequences.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use bedrock_emulator::{Emulator, EmulatorConfig, Pacing, Seed};
use serde_json::Value;

struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap())
    }

    fn command(&self, args: &[&str]) -> Command {
        let home = self.0.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata-cli"));
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

/// A slow model (40 ms between chunks), so an answer is still streaming when a signal comes.
fn slow_emulator(runtime: &tokio::runtime::Runtime) -> bedrock_emulator::EmulatorHandle {
    runtime
        .block_on(Emulator::start(
            EmulatorConfig::for_tests(Seed::Demo).with_pacing(Pacing {
                time_to_first_token: Duration::ZERO,
                per_chunk: Duration::from_millis(40),
            }),
        ))
        .unwrap()
}

/// Real-AWS mode (static keys from the environment) against the emulator at `endpoint`.
fn real(cmd: &mut Command, endpoint: &str) {
    cmd.env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
        .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
        .env("AWS_REGION", "ap-northeast-1")
        .env("AWS_ENDPOINT_URL", endpoint);
}

const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
const LONG_PROMPT: &str = "Explain inference profiles at length, with many examples and details.";

/// Starts a long answer in real mode and waits for its first bytes: the process is mid-answer.
fn mid_answer(
    home: &Home,
    endpoint: &str,
    stderr: Stdio,
) -> (std::process::Child, std::process::ChildStdout, [u8; 8]) {
    let mut cmd = home.command(&["chat", "--model", HAIKU, LONG_PROMPT]);
    real(&mut cmd, endpoint);
    let mut child = cmd.stdout(Stdio::piped()).stderr(stderr).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first_bytes = [0u8; 8];
    stdout.read_exact(&mut first_bytes).unwrap();
    (child, stdout, first_bytes)
}

/// What SIGKILL can show: the process dies between two writes, the ledger stays readable with
/// every earlier turn, and the next process appends after it. (It cannot show that a turn reached
/// the disk: only a power cut could, which is why the ledger syncs each commit.)
#[test]
fn a_process_killed_mid_answer_leaves_the_earlier_turns_readable_and_the_next_appends() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = slow_emulator(&runtime);
    let endpoint = emulator.endpoint();
    let home = Home::new();

    let mut first = home.command(&["chat", "--model", HAIKU, "Hi"]);
    real(&mut first, &endpoint);
    let out = first.output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(home.ledger_lines().len(), 1);

    let (mut child, _stdout, _) = mid_answer(&home, &endpoint, Stdio::null());
    child.kill().unwrap();
    child.wait().unwrap();

    // The earlier turn is intact and readable; the killed one never finished, so it is absent.
    let lines = home.ledger_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["outcome"], "completed");
    let mut usage = home.command(&["usage", "--json"]);
    real(&mut usage, &endpoint);
    let out = usage.output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["turns"], 1);

    // And the next turn appends after it.
    let mut third = home.command(&["chat", "--model", HAIKU, "Again"]);
    real(&mut third, &endpoint);
    assert!(third.output().unwrap().status.success());
    assert_eq!(home.ledger_lines().len(), 2);
    runtime.block_on(emulator.shutdown());
}

#[test]
fn ctrl_c_mid_answer_exits_130_keeps_the_partial_answer_and_records_it_interrupted() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = slow_emulator(&runtime);
    let endpoint = emulator.endpoint();
    let home = Home::new();
    let (mut child, mut stdout, first_bytes) = mid_answer(&home, &endpoint, Stdio::piped());
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");

    let printed = format!("{}{}", text(&first_bytes), text(&rest));
    let full = runtime.block_on(full_answer(&endpoint, LONG_PROMPT));
    let partial = printed.trim_end();
    assert!(
        !partial.is_empty() && partial.len() < full.len() && full.starts_with(partial),
        "the partial answer {partial:?} should begin the full one {full:?}"
    );
    let lines = home.ledger_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["outcome"], "interrupted");
    runtime.block_on(emulator.shutdown());
}

/// The whole answer the emulator gives to `prompt`, through a plain `strata chat`.
async fn full_answer(endpoint: &str, prompt: &str) -> String {
    let home = Home::new();
    let mut cmd = home.command(&["chat", "--model", HAIKU, prompt]);
    real(&mut cmd, endpoint);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).trim_end().to_owned()
}

#[test]
fn the_prompt_can_come_from_stdin_and_an_oversized_one_is_refused() {
    let home = Home::new();
    let mut cmd = home.command(&["chat", "--demo", "--model", HAIKU, "-"]);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"Piped question about zebrafish").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The emulator's answer quotes the question it was sent.
    assert!(
        text(&out.stdout).contains("zebrafish"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(home.ledger_lines().len(), 1);

    let mut big = home.command(&["chat", "--demo", "--model", HAIKU, "-"]);
    let mut child = big
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        // The process stops reading after the limit, so a broken pipe here is expected.
        let _ = stdin.write_all(&vec![b'a'; 4 * 1024 * 1024 + 1]);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("longer than 4.0 MiB"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        home.ledger_lines().len(),
        1,
        "nothing recorded for the refused prompt"
    );
}

#[test]
fn control_sequences_in_an_answer_never_reach_the_terminal() {
    let home = Home::new();
    // The emulator echoes the question, so the answer carries these sequences back.
    let out = home.run(&[
        "chat",
        "--demo",
        "--model",
        HAIKU,
        "colour \u{1b}[31mRED\u{1b}[0m title \u{1b}]0;pwned\u{7} clipboard \u{1b}]52;c;ZXZpbA==\u{7} end",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let answer = text(&out.stdout);
    assert!(
        answer.contains("RED") && answer.contains("end"),
        "{answer:?}"
    );
    assert!(
        !answer.contains('\u{1b}') && !answer.contains('\u{7}'),
        "control characters in {answer:?}"
    );
    assert!(
        !answer.contains("pwned") && !answer.contains("ZXZpbA"),
        "{answer:?}"
    );
}

#[test]
fn a_broken_price_file_is_reported_by_usage_and_chat_and_not_used() {
    let home = Home::new();
    let data = home.0.path().join(".local/share/io.strata.desktop");
    std::fs::create_dir_all(&data).unwrap();
    // Valid for Haiku, broken as a whole: none of it may be used.
    std::fs::write(
        data.join("prices.json"),
        r#"{"prices": {"anthropic.claude-3-haiku-20240307-v1:0": {"inputPerMillion": 1000, "outputPerMillion": -1}}}"#,
    )
    .unwrap();
    let out = home.run(&["usage"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("prices.json") && err.contains("built-in prices"),
        "{err}"
    );

    let out = home.run(&["chat", "--demo", "--model", HAIKU, "Hi"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("prices.json"),
        "{}",
        text(&out.stderr)
    );
    let line = &home.ledger_lines()[0];
    let (input, output) = (
        line["inputTokens"].as_f64().unwrap(),
        line["outputTokens"].as_f64().unwrap(),
    );
    // The built-in Claude 3 Haiku price ($0.25 / $1.25 per million), not the file's $1,000.
    let built_in = (input * 0.25 + output * 1.25) / 1_000_000.0;
    assert!(
        (line["costUsd"].as_f64().unwrap() - built_in).abs() < 1e-12,
        "{line}"
    );
}

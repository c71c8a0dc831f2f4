//! Headless subcommands of the `strata` binary, through the same core code as the window:
//!
//! ```text
//! strata models [--json] [--region R] [--profile NAME] [--endpoint-url URL]
//!               [--inference-profiles] [--demo]
//! strata chat --model ID_OR_ARN_OR_NAME [--system TEXT] [--max-tokens N] [connection flags] "prompt"
//! strata usage [--json] [--by entry|tag:KEY|day] | --export jsonl|csv
//! ```
//!
//! `chat` streams the answer to stdout and writes the same usage-ledger line as the window (in the
//! app's data folder, or `STRATA_DATA_DIR`); `usage` prints the ledger's totals, or with
//! `--export` every turn with all its fields.
//!
//! The standard AWS environment variables (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`,
//! `AWS_ENDPOINT_URL_BEDROCK`, `AWS_ACCESS_KEY_ID` …) work as they do for the AWS CLI. Unlike the
//! window, the command never falls back to demo mode by itself: a script gets real data or an
//! error (exit code 1, with the message and a hint on stderr).

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use strata_core::{
    CatalogService, DemoBedrock, DemoPreference, DemoReason, EntryKind, ModelEntry, ModelList,
    RunMode, Settings,
};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

use crate::terminal::{sanitize, TerminalFilter};

/// The subcommands, as clap parses them.
#[derive(Debug, Parser)]
#[command(
    name = "strata",
    about = "Strata: chat with Amazon Bedrock models and Application Inference Profiles",
    version
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lists the foundation models and inference profiles Strata's picker would show.
    Models(ModelsArgs),
    /// Sends one message and streams the answer to stdout; usage goes to the ledger.
    Chat(ChatArgs),
    /// Prints the usage ledger's totals by entry or by tag value.
    Usage(UsageArgs),
}

/// Where Bedrock calls go (shared by the subcommands that call it).
#[derive(Debug, Clone, clap::Args)]
pub struct ConnectionArgs {
    /// The AWS region (default: AWS_REGION, the profile's region, else us-east-1).
    #[arg(long)]
    pub region: Option<String>,
    /// A named profile from ~/.aws/config (default: AWS_PROFILE, else default).
    #[arg(long)]
    pub profile: Option<String>,
    /// An endpoint to use instead of Bedrock's.
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// Use the built-in Bedrock emulator instead of AWS (with the app's demo data).
    #[arg(long)]
    pub demo: bool,
}

/// Options of `strata chat`.
#[derive(Debug, clap::Args)]
pub struct ChatArgs {
    /// The model id, system profile id, application profile ARN, or a profile's name.
    #[arg(long)]
    pub model: String,
    /// Instructions for the model.
    #[arg(long)]
    pub system: Option<String>,
    /// The most tokens the answer may have.
    #[arg(long)]
    pub max_tokens: Option<u32>,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// The message; `-` reads it from standard input (up to 4 MiB).
    pub prompt: String,
}

/// Options of `strata usage`.
#[derive(Debug, clap::Args)]
pub struct UsageArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Group by `entry` (default), by a tag's value (`tag:Project`) or by `day` (UTC).
    #[arg(long, default_value = "entry")]
    pub by: String,
    /// Instead of totals, write every turn with all its fields, one a line, to stdout.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["json", "by"])]
    pub export: Option<ExportArg>,
}

/// The formats of `strata usage --export`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportArg {
    /// One JSON object per turn (the layout of the old `usage.jsonl`).
    Jsonl,
    /// A header line, then one turn per line.
    Csv,
}

/// Options of `strata models`.
#[derive(Debug, clap::Args)]
pub struct ModelsArgs {
    /// Print JSON (the connection and the merged catalog) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list Application Inference Profiles, with their tags.
    #[arg(long)]
    pub inference_profiles: bool,
    #[command(flatten)]
    pub connection: ConnectionArgs,
}

/// The app's data folder, as the window uses it (`STRATA_DATA_DIR` overrides it).
pub fn data_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("STRATA_DATA_DIR") {
        return dir.into();
    }
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(crate::IDENTIFIER)
}

/// A catalog service for the command line: the flags' connection (`--endpoint-url` for both
/// Bedrock and Bedrock Runtime), never an automatic demo (`--demo` is reported as the flag it
/// is), and the app's demo data (so profile ARNs match the window's) without answer pacing.
fn service(connection: &ConnectionArgs, inference_profiles: bool) -> CatalogService {
    let settings = Settings {
        enable_inference_profiles: inference_profiles,
        region: connection.region.clone(),
        aws_profile: connection.profile.clone(),
        endpoint_url: connection.endpoint_url.clone(),
        runtime_endpoint_url: connection.endpoint_url.clone(),
        demo_mode: DemoPreference::Off,
        ..Settings::default()
    };
    let mode = RunMode {
        demo: connection.demo.then_some(DemoReason::Flag),
    };
    CatalogService::new(
        mode,
        settings,
        None,
        DemoBedrock::new(Some(data_dir().join("demo-bedrock.json"))).without_pacing(),
    )
}

fn print_error(e: &strata_core::Error) {
    // Messages can quote what AWS or a model said: no control sequences reach the terminal.
    eprintln!("error: {}", sanitize(e.message()));
    if let Some(hint) = e.hint() {
        eprintln!("hint: {}", sanitize(hint));
    }
}

/// The prompt: the argument, or standard input when it is `-` (at most the limit of one turn).
fn read_prompt(arg: &str) -> Result<String, strata_core::Error> {
    if arg == "-" {
        strata_core::limits::read_turn_text(std::io::stdin().lock())
    } else {
        Ok(arg.to_owned())
    }
}

/// Runs a headless subcommand when the first argument names one; `None` means start the window.
pub fn run_if_subcommand() -> Option<ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    match crate::launch::classify(&args) {
        crate::launch::Launch::Window => return None,
        crate::launch::Launch::Unknown(arg) => {
            eprint!("{}", crate::launch::usage_error(&arg));
            return Some(ExitCode::from(2));
        }
        crate::launch::Launch::Subcommand => {}
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return Some(if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            });
        }
    };
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return Some(ExitCode::FAILURE);
        }
    };
    Some(runtime.block_on(async {
        match cli.command {
            Command::Models(args) => models(args).await,
            Command::Chat(args) => chat(args).await,
            Command::Usage(args) => usage(args),
        }
    }))
}

fn init_logging() {
    let filter = std::env::var("STRATA_LOG")
        .ok()
        .and_then(|d| EnvFilter::try_new(d).ok())
        .unwrap_or_else(|| EnvFilter::new("warn"));
    // The same caps as the window: no request bodies or credential_process commands, even at trace.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(crate::logging::secret_safe_caps())
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .try_init();
}

async fn models(args: ModelsArgs) -> ExitCode {
    let service = service(&args.connection, args.inference_profiles);
    let mut list = service.refresh().await;
    if list.error.is_none() {
        if let Some(with_tags) = service.load_tags().await {
            list = with_tags;
        }
    }
    service.shutdown().await;
    if let Some(e) = &list.error {
        print_error(e);
        return ExitCode::FAILURE;
    }
    // JSON escapes control characters itself; the table is filtered like model text.
    let out = if args.json {
        json(&list)
    } else {
        sanitize(&table(&list))
    };
    print!("{out}");
    // One listing failed while the others loaded: the rest is above, the failure said here.
    for failed in list.catalog.iter().flat_map(|c| &c.section_errors) {
        let section = match failed.section {
            strata_core::catalog::CatalogSection::FoundationModels => "foundation models",
            strata_core::catalog::CatalogSection::SystemProfiles => "cross-region profiles",
            strata_core::catalog::CatalogSection::ApplicationProfiles => "application profiles",
        };
        eprintln!("warning: the {section} could not be listed; the rest is above.");
        print_error(&failed.error);
    }
    ExitCode::SUCCESS
}

fn json(list: &ModelList) -> String {
    let value = serde_json::json!({
        "connection": list.connection,
        "catalog": list.catalog,
    });
    serde_json::to_string_pretty(&value)
        .map_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"), |s| s + "\n")
}

fn kind_label(entry: &ModelEntry) -> String {
    match entry.kind {
        EntryKind::ApplicationProfile => "application profile".to_owned(),
        EntryKind::SystemProfile => format!(
            "cross-region ({})",
            entry.geography.as_deref().unwrap_or("?")
        ),
        EntryKind::Foundation => "foundation model".to_owned(),
    }
}

fn tags_text(entry: &ModelEntry) -> String {
    entry
        .tags
        .as_ref()
        .map(|tags| {
            tags.iter()
                .map(|t| format!("{}={}", t.key, t.value))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// A plain table: one entry a line, application profiles first.
fn table(list: &ModelList) -> String {
    let mut out = String::new();
    let Some(catalog) = &list.catalog else {
        return out;
    };
    if let Some(conn) = &list.connection {
        let source = if conn.demo.is_some() {
            "demo (simulated Bedrock)".to_owned()
        } else {
            format!(
                "AWS{}",
                conn.profile
                    .as_ref()
                    .map(|p| format!(", profile {p}"))
                    .unwrap_or_default()
            )
        };
        let _ = writeln!(
            out,
            "# {} · {} · {} foundation models, {} cross-region profiles, {} application profiles ({} ms)",
            conn.region,
            source,
            catalog.stats.foundation_models,
            catalog.stats.system_profiles,
            catalog.stats.application_profiles,
            catalog.stats.elapsed_ms
        );
    }
    let rows: Vec<[String; 5]> = catalog
        .entries
        .iter()
        .map(|e| {
            [
                kind_label(e),
                e.name.clone(),
                e.id.clone(),
                e.provider.clone().unwrap_or_default(),
                tags_text(e),
            ]
        })
        .collect();
    let header = [
        "KIND".to_owned(),
        "NAME".to_owned(),
        "ID".to_owned(),
        "PROVIDER".to_owned(),
        "TAGS".to_owned(),
    ];
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<w$}  ");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

async fn chat(args: ChatArgs) -> ExitCode {
    use std::io::Write as _;
    use strata_core::chat::{ensure_tags, tags_text, ChatEvent, ChatMessage, ChatRequest, Role};
    use strata_core::ledger::TurnOutcome;

    let prompt = match read_prompt(&args.prompt) {
        Ok(p) => p,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    let request = ChatRequest {
        entry_id: args.model.clone(),
        system: args.system.clone(),
        messages: vec![ChatMessage {
            role: Role::User,
            text: prompt,
        }],
        max_tokens: args.max_tokens,
        temperature: None,
        conversation_id: None,
    };
    if let Err(e) = request.validate() {
        print_error(&e);
        return ExitCode::from(2);
    }
    let service = service(&args.connection, true);
    let list = service.refresh().await;
    if let Some(e) = &list.error {
        print_error(e);
        return ExitCode::FAILURE;
    }
    let Some(mut entry) = service.entry(&args.model).await else {
        let region = list.connection.map(|c| c.region).unwrap_or_default();
        eprintln!(
            "error: {} is not a model or profile in {region}.",
            sanitize(&args.model)
        );
        eprintln!("hint: `strata models --inference-profiles` lists what you can use there.");
        return ExitCode::FAILURE;
    };
    let session = match service.session().await {
        Ok(s) => s,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    ensure_tags(&session, &mut entry).await;
    let (chats, prices_problem) = crate::chat_service(&data_dir());
    if let Some(problem) = &prices_problem {
        eprintln!("warning: {}", problem.message());
    }
    let (id, cancel) = chats.begin();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let request = ChatRequest {
        entry_id: entry.id.clone(),
        ..request
    };
    let mut stdout = std::io::stdout();
    let mut safe = TerminalFilter::default();
    let report = chats
        .run(
            &session,
            &entry,
            &request,
            &id,
            cancel,
            |event| match event {
                ChatEvent::Delta { text } => {
                    let _ = stdout.write_all(safe.push(&text).as_bytes());
                    let _ = stdout.flush();
                }
                ChatEvent::Stopped { reason } if reason == "max_tokens" => {
                    eprintln!("\n[the answer was cut at the max-token limit]");
                }
                _ => {}
            },
        )
        .await;
    service.shutdown().await;
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    println!();
    let u = &report.usage;
    let tokens = match (u.input_tokens, u.output_tokens) {
        (Some(i), Some(o)) => format!("{i} in / {o} out tokens"),
        _ => "tokens unknown".to_owned(),
    };
    let cost = u
        .cost_usd
        .map_or_else(|| "cost unknown".to_owned(), |c| format!("${c:.6}"));
    let ttft = u
        .ttft_ms
        .map(|t| format!(" (first token {t} ms)"))
        .unwrap_or_default();
    let via = if entry.kind == strata_core::EntryKind::ApplicationProfile {
        sanitize(&format!(
            " · via {} [{}]",
            entry.name,
            tags_text(entry.tags.as_deref().unwrap_or(&[]))
        ))
    } else {
        String::new()
    };
    eprintln!("— {tokens} · {} ms{ttft} · {cost}{via}", u.latency_ms);
    match (report.outcome, &report.error) {
        (TurnOutcome::Completed, _) => ExitCode::SUCCESS,
        (TurnOutcome::Interrupted, _) => {
            eprintln!("[interrupted; the partial answer is above]");
            ExitCode::from(130)
        }
        // An answer that ended early (no messageStop) may be cut anywhere: never a success.
        (TurnOutcome::Failed | TurnOutcome::EndedEarly, Some(e)) => {
            print_error(e);
            ExitCode::FAILURE
        }
        (TurnOutcome::Failed | TurnOutcome::EndedEarly, None) => ExitCode::FAILURE,
    }
}

fn usage(args: UsageArgs) -> ExitCode {
    use std::io::Write as _;
    use strata_core::ledger::{ExportFormat, GroupBy, UsageLedger};
    use strata_core::storage::Database;
    let by = match args.by.as_str() {
        "entry" => GroupBy::Entry,
        "day" => GroupBy::Day,
        other => match other.strip_prefix("tag:").filter(|k| !k.is_empty()) {
            Some(key) => GroupBy::Tag(key.to_owned()),
            None => {
                eprintln!(
                    "error: --by takes `entry`, `day` or `tag:KEY` (e.g. tag:Project), not {other:?}."
                );
                return ExitCode::from(2);
            }
        },
    };
    let db = match Database::open_in(&data_dir()) {
        Ok(db) => db,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    if let Some(notice) = db.status().notice {
        eprintln!("warning: {notice}");
    }
    // Turns are priced when they are recorded: a broken price file means new turns get the
    // built-in prices, which the user should know when reading costs.
    let prices =
        strata_core::pricing::PriceTable::load(&data_dir().join(strata_core::pricing::PRICES_FILE));
    if let Some(problem) = &prices.problem {
        eprintln!(
            "warning: {} Turns are priced with the built-in prices until it is fixed.",
            sanitize(problem.message())
        );
        if let Some(hint) = problem.hint() {
            eprintln!("hint: {}", sanitize(hint));
        }
    }
    let ledger = UsageLedger::with_database(std::sync::Arc::new(db));
    if let Some(format) = args.export {
        let format = match format {
            ExportArg::Jsonl => ExportFormat::Jsonl,
            ExportArg::Csv => ExportFormat::Csv,
        };
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let written = ledger.export(format, &mut out).and_then(|n| {
            out.flush()
                .map(|()| n)
                .map_err(|e| strata_core::Error::internal(format!("stdout: {e}")))
        });
        return match written {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                print_error(&e);
                ExitCode::FAILURE
            }
        };
    }
    let (groups, turns) = match ledger.totals(&by).and_then(|g| Ok((g, ledger.turns()?))) {
        Ok(found) => found,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        let value = serde_json::json!({ "turns": turns, "totals": groups });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    }
    if groups.is_empty() {
        println!("No chat turns recorded yet ({}).", ledger.path().display());
        return ExitCode::SUCCESS;
    }
    let width = groups
        .iter()
        .map(|g| g.label.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    println!(
        "{:<width$}  {:>5}  {:>10}  {:>10}  {:>12}",
        "GROUP", "TURNS", "INPUT", "OUTPUT", "COST (USD)"
    );
    for g in &groups {
        let cost = if g.unpriced_turns > 0 {
            format!("{:.6}+?", g.cost_usd)
        } else {
            format!("{:.6}", g.cost_usd)
        };
        println!(
            "{:<width$}  {:>5}  {:>10}  {:>10}  {:>12}",
            sanitize(&g.label),
            g.turns,
            g.input_tokens,
            g.output_tokens,
            cost
        );
    }
    ExitCode::SUCCESS
}

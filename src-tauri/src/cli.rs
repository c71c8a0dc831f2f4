//! Headless subcommands of the `strata` binary, through the same core code as the window:
//!
//! ```text
//! strata models [--json] [--region R] [--profile NAME] [--endpoint-url URL]
//!               [--inference-profiles] [--demo]
//! ```
//!
//! The standard AWS environment variables (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`,
//! `AWS_ENDPOINT_URL_BEDROCK`, `AWS_ACCESS_KEY_ID` …) work as they do for the AWS CLI. Unlike the
//! window, the command never falls back to demo mode by itself: a script gets real data or an
//! error (exit code 1, with the message and a hint on stderr).

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use strata_core::{
    CatalogService, DemoBedrock, DemoPreference, EntryKind, ModelEntry, ModelList, RunMode,
    Settings,
};
use tracing_subscriber::EnvFilter;

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
}

/// Options of `strata models`.
#[derive(Debug, clap::Args)]
pub struct ModelsArgs {
    /// Print JSON (the connection and the merged catalog) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// The AWS region (default: AWS_REGION, the profile's region, else us-east-1).
    #[arg(long)]
    pub region: Option<String>,
    /// A named profile from ~/.aws/config (default: AWS_PROFILE, else default).
    #[arg(long)]
    pub profile: Option<String>,
    /// An endpoint to use instead of Bedrock's.
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// Also list Application Inference Profiles, with their tags.
    #[arg(long)]
    pub inference_profiles: bool,
    /// Use the built-in Bedrock emulator instead of AWS.
    #[arg(long)]
    pub demo: bool,
}

/// The subcommand names; anything else starts the window.
const SUBCOMMANDS: &[&str] = &["models", "help", "--help", "-h", "--version", "-V"];

/// Runs a headless subcommand when the first argument names one; `None` means start the window.
pub fn run_if_subcommand() -> Option<ExitCode> {
    let first = std::env::args().nth(1)?;
    if !SUBCOMMANDS.contains(&first.as_str()) {
        return None;
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
    let Command::Models(args) = cli.command;
    Some(runtime.block_on(models(args)))
}

fn init_logging() {
    let filter = std::env::var("STRATA_LOG")
        .ok()
        .and_then(|d| EnvFilter::try_new(d).ok())
        .unwrap_or_else(|| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

async fn models(args: ModelsArgs) -> ExitCode {
    let settings = Settings {
        enable_inference_profiles: args.inference_profiles,
        region: args.region.clone(),
        aws_profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
        demo_mode: if args.demo {
            DemoPreference::On
        } else {
            DemoPreference::Off
        },
        ..Settings::default()
    };
    let service = CatalogService::new(
        RunMode::default(),
        settings,
        None,
        DemoBedrock::new(None).without_pacing(),
    );
    let mut list = service.refresh().await;
    if list.error.is_none() {
        if let Some(with_tags) = service.load_tags().await {
            list = with_tags;
        }
    }
    service.shutdown().await;
    if let Some(e) = &list.error {
        eprintln!("error: {}", e.message());
        if let Some(hint) = e.hint() {
            eprintln!("hint: {hint}");
        }
        return ExitCode::FAILURE;
    }
    let out = if args.json { json(&list) } else { table(&list) };
    print!("{out}");
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

//! Strata's headless commands, through the same core code as the window:
//!
//! ```text
//! strata models [--json] [--region R] [--profile NAME] [--endpoint-url URL]
//!               [--inference-profiles] [--demo]
//! strata chat --model ID_OR_ARN_OR_NAME [--system TEXT] [--max-tokens N] [--temperature T]
//!             [--top-p P] [--stop TEXT]… [--reasoning-budget off|low|medium|high|N]
//!             [--attach FILE]… [--no-cache] [--service-tier default|priority|flex]
//!             [connection flags] "prompt"|-
//! strata usage [--json] [--by entry|tag:KEY|day] | --export jsonl|csv
//! strata profiles list|get|create|tag|untag|delete|apply … [connection flags]
//! strata prices [--json] | strata prices refresh [--json] [connection flags]
//! strata costs [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by profile|model|tag:KEY]
//!              [--source estimate|billed|both] [--json] [--refresh] [connection flags]
//! strata costs tags [--json] | strata costs tags activate KEY [KEY …] [connection flags]
//! strata alerts list [--json] | create --name NAME --monthly-usd AMOUNT [--tag KEY=VALUE]
//!               [--email ADDRESS]… [--threshold-percent P]… | create --billing-alarm --name NAME
//!               --threshold-usd AMOUNT | delete --name NAME [connection flags]
//! strata doctor [--profile-identifier ID|ARN|NAME] [--model-source ID|ARN] [--json]
//!               [connection flags]
//! ```
//!
//! `chat` streams the answer to stdout (the reasoning, with `--reasoning-budget`, to stderr before
//! it) and writes the same usage-ledger line as the window (in the app's data folder, or
//! `STRATA_DATA_DIR`), cache, reasoning and tier included; an option the model cannot take, or an
//! attachment over AWS's limits, is refused with exit code 1 before any model call; `usage` prints the ledger's totals, or with
//! `--export` every turn with all its fields. `prices` prints the price table in effect (each
//! price with its source and date), and `prices refresh` fetches the region's prices from the
//! AWS Price List into the data folder's cache. `profiles` creates, tags and deletes application
//! inference profiles with the AWS CLI's flags, and `profiles apply` makes them what a file says.
//! `costs` sets the ledger's estimate beside Cost Explorer's bill (cached in the data folder:
//! each Cost Explorer request costs $0.01); Cost Explorer, STS and the rest go to AWS (or to
//! `AWS_ENDPOINT_URL`), `--endpoint-url` being Bedrock's. `doctor` runs the window's Doctor
//! checks with the window's saved Enable Inference Profiles setting, and exits 1 when one fails.
//!
//! The standard AWS environment variables (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`,
//! `AWS_ENDPOINT_URL_BEDROCK`, `AWS_ACCESS_KEY_ID` …) work as they do for the AWS CLI. Unlike the
//! window, the commands never fall back to demo mode by themselves: a script gets real data or an
//! error (exit code 1, with the message and a hint on stderr).
//!
//! They run as the `strata-cli` binary (no GTK or WebKit needed, for servers and CI) and as
//! `strata <COMMAND>`: the app binary hands its arguments to [`run`].

mod alerts;
mod chat;
mod connection;
mod costs;
mod doctor;
mod models;
mod output;
mod prices;
mod profiles;
mod terminal;
mod usage;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

/// The headless subcommands, as `strata help` lists them (and as the app binary tells them from
/// window flags).
pub const SUBCOMMANDS: &[(&str, &str)] = &[
    ("models", "list foundation models and inference profiles"),
    ("chat", "send one message and stream the answer"),
    ("usage", "usage totals from the ledger"),
    (
        "profiles",
        "create, tag, list and delete application inference profiles",
    ),
    (
        "prices",
        "the price table in effect; refresh it from the AWS Price List",
    ),
    (
        "costs",
        "estimated and billed spend, and cost allocation tags",
    ),
    (
        "alerts",
        "per-project budgets and the billing alarm: list, create, delete",
    ),
    (
        "doctor",
        "check the setting, credentials, region, profile and permissions",
    ),
    ("help", "help on a command"),
];

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
    Models(models::ModelsArgs),
    /// Sends one message and streams the answer to stdout; usage goes to the ledger.
    Chat(chat::ChatArgs),
    /// Prints the usage ledger's totals by entry or by tag value.
    Usage(usage::UsageArgs),
    /// Lists, creates, tags and deletes inference profiles, or applies a file of them.
    Profiles(profiles::ProfilesArgs),
    /// Prints the prices in effect, or refreshes them from the AWS Price List.
    Prices(prices::PricesArgs),
    /// Estimated (ledger) and billed (Cost Explorer) spend per profile, model or tag value.
    Costs(costs::CostsArgs),
    /// Lists, creates and deletes the budgets and billing alarm Strata makes.
    Alerts(alerts::AlertsArgs),
    /// Runs the Doctor's checks: why a profile is missing, why one cannot be created.
    Doctor(doctor::DoctorArgs),
}

/// Runs the command that `args` (the program name first, as `std::env::args_os` gives them)
/// name and returns the process's exit code: 0 success, 1 an AWS or validation error, 2 a usage
/// error, 130 a chat stopped by Ctrl+C.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
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
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Models(args) => models::run(args).await,
            Command::Chat(args) => chat::run(args).await,
            Command::Usage(args) => usage::run(args),
            Command::Profiles(args) => profiles::run(args).await,
            Command::Prices(args) => prices::run(args).await,
            Command::Costs(args) => costs::run(args).await,
            Command::Alerts(args) => alerts::run(args).await,
            Command::Doctor(args) => doctor::run(args).await,
        }
    })
}

fn init_logging() {
    let filter = std::env::var("STRATA_LOG")
        .ok()
        .and_then(|d| EnvFilter::try_new(d).ok())
        .unwrap_or_else(|| EnvFilter::new("warn"));
    // The same caps as the window: no request bodies or credential_process commands, even at trace.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(strata_core::log_caps::secret_safe_caps())
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .try_init();
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn every_command_is_listed_for_the_app_binary() {
        let listed: Vec<&str> = SUBCOMMANDS.iter().map(|(name, _)| *name).collect();
        for command in Cli::command().get_subcommands() {
            assert!(
                listed.contains(&command.get_name()),
                "{} is missing in SUBCOMMANDS",
                command.get_name()
            );
        }
        assert!(listed.contains(&"help"));
    }
}

//! `strata usage`: the ledger's totals by entry, tag value or day, or every turn exported.

use std::process::ExitCode;

use strata_core::data_folder::data_dir;

use crate::output::print_error;
use crate::terminal::sanitize;

/// Options of `strata usage`.
#[derive(Debug, clap::Args)]
pub(crate) struct UsageArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
    /// Group by `entry` (default), by a tag's value (`tag:Project`) or by `day` (UTC).
    #[arg(long, default_value = "entry")]
    pub(crate) by: String,
    /// Instead of totals, write every turn with all its fields, one a line, to stdout.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["json", "by"])]
    pub(crate) export: Option<ExportArg>,
}

/// The formats of `strata usage --export`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum ExportArg {
    /// One JSON object per turn (the layout of the old `usage.jsonl`).
    Jsonl,
    /// A header line, then one turn per line.
    Csv,
}

/// Runs `strata usage`.
pub(crate) fn run(args: UsageArgs) -> ExitCode {
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

//! `strata costs`: the ledger's estimate and Cost Explorer's bill for a period, grouped by
//! profile, model or a tag's value; `strata costs tags` and `strata costs tags activate`: the
//! cost allocation status of the region's profiles' tag keys, and activating them.

use std::process::ExitCode;
use std::sync::Arc;

use strata_core::costs::{
    ActivationStatus, BilledCache, BilledSide, CostQuery, CostReport, CostSource, Costs,
    GroupEstimate, PeriodChoice, TagActivation, BILLED_CACHE_FILE,
};
use strata_core::data_folder::data_dir;
use strata_core::ledger::UsageLedger;
use strata_core::pricing::PriceSource;
use strata_core::storage::Database;

use crate::connection::{self, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::sanitize;

/// Options of `strata costs`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct CostsArgs {
    #[command(subcommand)]
    command: Option<CostsCommand>,
    /// The first day counted, YYYY-MM-DD (UTC; default: the first of this month).
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// The first day no longer counted, YYYY-MM-DD (default: tomorrow, so today is counted).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from")]
    to: Option<String>,
    /// Group by `profile`, `model` or a tag's value (`tag:Project`); the bill only by a tag.
    #[arg(long, default_value = "profile")]
    by: String,
    /// `estimate` (the ledger, free), `billed` (Cost Explorer, $0.01 a request) or `both`.
    #[arg(long, default_value = "estimate")]
    source: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Ask Cost Explorer again even when a cached answer exists (one more $0.01 request).
    #[arg(long)]
    refresh: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Subcommand)]
enum CostsCommand {
    /// The cost allocation status of the tag keys on the region's application profiles.
    Tags(TagsArgs),
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct TagsArgs {
    #[command(subcommand)]
    action: Option<TagsAction>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Subcommand)]
enum TagsAction {
    /// Activates tag keys as cost allocation tags (AWS takes up to 24 hours to apply it).
    Activate {
        /// The keys, as they are on the profiles (case matters).
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        connection: ConnectionArgs,
    },
}

/// The Costs service of the command line: the flags' connection, the data folder's ledger and
/// the billed answers cached in its `cache/` (shared with the window).
fn costs(connection: &ConnectionArgs) -> Result<Costs, strata_core::Error> {
    let dir = data_dir();
    let db = Database::open_in(&dir)?;
    if let Some(notice) = db.status().notice {
        eprintln!("warning: {notice}");
    }
    let ledger = UsageLedger::with_database(Arc::new(db));
    let cache = BilledCache::on_disk(dir.join("cache").join(BILLED_CACHE_FILE));
    Ok(Costs::new(
        Arc::new(connection::service(connection, true)),
        ledger,
        Arc::new(cache),
    ))
}

/// Runs `strata costs …`.
pub(crate) async fn run(mut args: CostsArgs) -> ExitCode {
    match args.command.take() {
        Some(CostsCommand::Tags(tags)) => match tags.action {
            Some(TagsAction::Activate {
                keys,
                json,
                connection,
            }) => activate(&keys, json, &connection).await,
            None => tag_statuses(tags.json, &tags.connection).await,
        },
        None => report(&args).await,
    }
}

fn fail(e: &strata_core::Error) -> ExitCode {
    print_error(e);
    ExitCode::FAILURE
}

async fn report(args: &CostsArgs) -> ExitCode {
    let source = match CostSource::parse(&args.source) {
        Ok(source) => source,
        Err(e) => return fail(&e),
    };
    let now = strata_core::clock::now_ms();
    let period = match &args.from {
        None => PeriodChoice::ThisMonth,
        Some(from) => PeriodChoice::Custom {
            from: from.clone(),
            to: args
                .to
                .clone()
                .unwrap_or_else(|| strata_core::costs::Day::of_ms(now).plus(1).to_string()),
        },
    };
    let query = CostQuery {
        period,
        by: args.by.clone(),
        source,
        refresh: args.refresh,
    };
    // Checked before anything is opened or asked.
    if let Err(e) = query.parts() {
        return fail(&e);
    }
    let costs = match costs(&args.connection) {
        Ok(costs) => costs,
        Err(e) => return fail(&e),
    };
    let report = match costs.report(&query, now).await {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    let missing = match &report.billed {
        BilledSide::Unavailable { error, .. } => Some(error),
        _ => None,
    };
    if let Some(error) = missing {
        eprintln!("The bill is missing: {}", sanitize(error.message()));
        if let Some(hint) = error.hint() {
            eprintln!("hint: {}", sanitize(hint));
        }
        if source == CostSource::Billed {
            return ExitCode::FAILURE;
        }
    }
    if args.json {
        println!("{}", json_of(&report, source));
    } else {
        print!("{}", text_of(&report, source));
    }
    ExitCode::SUCCESS
}

/// `{"from","to","by","currency","groups":[…]}`, exactly as the issue defines it.
fn json_of(report: &CostReport, source: CostSource) -> String {
    let e = &report.estimate;
    let groups: Vec<serde_json::Value> = e
        .groups
        .iter()
        .map(|g| {
            serde_json::json!({
                "key": g.key,
                "estimatedUsd": if source == CostSource::Billed { None } else { g.estimated_usd },
                "billedUsd": g.billed_usd,
                "inputTokens": g.input_tokens,
                "outputTokens": g.output_tokens,
                "turns": g.turns,
                "unknownCostTurns": g.unknown_cost_turns,
            })
        })
        .collect();
    let value = serde_json::json!({
        "from": e.from.0,
        "to": e.to.0,
        "by": e.by,
        "currency": e.currency,
        "groups": groups,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn usd(value: f64) -> String {
    if value < 0.0 {
        format!("-${:.6}", -value)
    } else {
        format!("${value:.6}")
    }
}

/// The estimate's cell: never $0 for unknown.
fn estimate_cell(g: &GroupEstimate) -> String {
    match (g.estimated_usd, g.unknown_cost_turns) {
        (None, _) if g.turns == 0 => "-".to_owned(),
        (None, _) => "unknown".to_owned(),
        (Some(v), 0) => usd(v),
        (Some(v), _) => format!("{} + unknown", usd(v)),
    }
}

fn difference_cell(g: &GroupEstimate) -> String {
    match (g.billed_usd, g.estimated_usd) {
        (Some(b), Some(e)) if g.unknown_cost_turns == 0 => {
            let d = b - e;
            // Below the shown precision the two agree: no sign on a rounding residue.
            if d.abs() < 5e-7 {
                usd(0.0)
            } else if d > 0.0 {
                format!("+{}", usd(d))
            } else {
                usd(d)
            }
        }
        (Some(_), _) => "unknown".to_owned(),
        (None, _) => "-".to_owned(),
    }
}

fn source_name(source: Option<PriceSource>) -> &'static str {
    match source {
        Some(PriceSource::BuiltIn) => "built-in prices",
        Some(PriceSource::UserFile) => "your prices.json",
        Some(PriceSource::PriceList) => "the AWS Price List",
        None => "prices not recorded (turns from before Strata kept them)",
    }
}

/// The table, then where the figures come from.
fn text_of(report: &CostReport, source: CostSource) -> String {
    use std::fmt::Write as _;
    let e = &report.estimate;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Costs from {} to {} (the end day not counted), by {}, USD",
        e.from.0,
        e.to.0,
        sanitize(&e.by)
    );
    if e.groups.is_empty() {
        let _ = writeln!(out, "No chat turns and no bill in this period.");
    } else {
        let rows: Vec<[String; 5]> = e
            .groups
            .iter()
            .map(|g| {
                [
                    sanitize(&g.key),
                    g.turns.to_string(),
                    if source == CostSource::Billed {
                        "-".to_owned()
                    } else {
                        estimate_cell(g)
                    },
                    match (g.billed_usd, &report.billed) {
                        (Some(b), _) => usd(b),
                        (None, BilledSide::NotAsked) => "-".to_owned(),
                        (None, _) => "unknown".to_owned(),
                    },
                    if source == CostSource::Both {
                        difference_cell(g)
                    } else {
                        "-".to_owned()
                    },
                ]
            })
            .collect();
        let header = ["GROUP", "TURNS", "ESTIMATE", "BILLED", "DIFFERENCE"];
        let mut widths = header.map(str::len);
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: [&str; 5]| {
            format!(
                "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}  {:>w4$}",
                cells[0],
                cells[1],
                cells[2],
                cells[3],
                cells[4],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3],
                w4 = widths[4]
            )
        };
        let _ = writeln!(out, "{}", line(header));
        for row in &rows {
            let _ = writeln!(
                out,
                "{}",
                line([&row[0], &row[1], &row[2], &row[3], &row[4]])
            );
        }
    }
    if source != CostSource::Billed {
        let unknown: u64 = e.groups.iter().map(|g| g.unknown_cost_turns).sum();
        if unknown > 0 {
            let _ = writeln!(out, "{unknown} turns have an unknown cost (no price for their model): not in the estimate.");
        }
        for basis in &e.basis.price_sources {
            let date = basis
                .as_of
                .as_deref()
                .map(|d| format!(" of {d}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "Estimate priced with {}{date}: {} turns.",
                source_name(basis.source),
                basis.turns
            );
        }
        if e.basis.unreadable_turns > 0 {
            let _ = writeln!(
                out,
                "{} turns of the ledger could not be read and are not counted.",
                e.basis.unreadable_turns
            );
        }
    }
    match &report.billed {
        BilledSide::Available { billed } => {
            let _ = writeln!(
                out,
                "Billed: Cost Explorer, account {}, Bedrock services only, grouped by tag {}.",
                billed.account,
                sanitize(&billed.tag_key)
            );
            if billed.estimated_by_aws {
                let _ = writeln!(
                    out,
                    "AWS marks part of this period as estimated: it is not final yet."
                );
            }
            if !billed.splits_by_key() {
                let key = sanitize(&billed.tag_key);
                let _ = writeln!(
                    out,
                    "Cost Explorer puts all of it under \"not set\": {key} is not active for cost \
                     allocation yet (`strata costs tags activate {key}`; it applies within 24 hours), \
                     so each value's bill is unknown."
                );
            }
            let _ = writeln!(
                out,
                "Billing data lags 24–48 hours: the latest turns may not be billed yet."
            );
            if billed.from_cache {
                let _ = writeln!(out, "This answer was cached (no request made); each Cost Explorer request costs $0.01: --refresh asks again.");
            } else {
                let _ = writeln!(out, "This answer took {} Cost Explorer request(s), at $0.01 each; it is cached for the next time.", billed.requests);
            }
        }
        BilledSide::Unavailable { .. } => {
            let _ = writeln!(out, "Billed: unavailable (see above).");
        }
        BilledSide::NotAsked => {}
    }
    out
}

fn status_name(status: ActivationStatus) -> &'static str {
    match status {
        ActivationStatus::Active => "active",
        ActivationStatus::Inactive => "inactive",
        ActivationStatus::NotSeen => "not seen by billing yet",
    }
}

fn print_tags(tags: &[TagActivation], json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "tags": tags })).unwrap_or_default()
        );
        return;
    }
    if tags.is_empty() {
        println!("The region's application profiles have no tags.");
        return;
    }
    let width = tags
        .iter()
        .map(|t| t.key.chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    println!(
        "{:<width$}  {:<23}  {:>8}  LAST USED",
        "KEY", "STATUS", "PROFILES"
    );
    for t in tags {
        println!(
            "{:<width$}  {:<23}  {:>8}  {}",
            sanitize(&t.key),
            status_name(t.status),
            t.profiles,
            t.last_used
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| "-".to_owned())
        );
    }
    for t in tags {
        let key = sanitize(&t.key);
        match t.status {
            ActivationStatus::Active => {}
            ActivationStatus::Inactive => println!(
                "Spend under {key} will not appear in Cost Explorer until this tag is activated: strata costs tags activate {key}"
            ),
            ActivationStatus::NotSeen => println!(
                "Billing has not seen {key} yet: it appears up to 24 hours after a call through a profile carrying it, and can be activated then."
            ),
        }
    }
}

async fn tag_statuses(json: bool, connection: &ConnectionArgs) -> ExitCode {
    let costs = match costs(connection) {
        Ok(costs) => costs,
        Err(e) => return fail(&e),
    };
    match costs.tag_activation().await {
        Ok(tags) => {
            print_tags(&tags, json);
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

async fn activate(keys: &[String], json: bool, connection: &ConnectionArgs) -> ExitCode {
    let costs = match costs(connection) {
        Ok(costs) => costs,
        Err(e) => return fail(&e),
    };
    match costs.activate_tags(keys).await {
        Ok(tags) => {
            print_tags(&tags, json);
            if !json {
                println!("AWS takes up to 24 hours to group the bill by a newly activated tag.");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

//! `strata prices`: the price table in effect (built-in, the cached AWS Price List, the user's
//! `prices.json`), and `strata prices refresh`, which fetches the region's Bedrock prices from
//! the AWS Price List into the data folder's cache.

use std::fmt::Write as _;
use std::process::ExitCode;

use strata_core::data_folder::data_dir;
use strata_core::pricing::{
    refresh_price_list, PriceLoad, PriceRow, PriceSource, PriceTable, PRICES_AS_OF,
};

use crate::connection::{service, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::sanitize;

/// Options of `strata prices`.
#[derive(Debug, clap::Args)]
pub(crate) struct PricesArgs {
    #[command(subcommand)]
    action: Option<PricesAction>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Subcommand)]
enum PricesAction {
    /// Fetches the region's Bedrock prices from the AWS Price List (GetProducts) and caches them.
    Refresh(RefreshArgs),
}

#[derive(Debug, clap::Args)]
struct RefreshArgs {
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Runs `strata prices` or `strata prices refresh`.
pub(crate) async fn run(args: PricesArgs) -> ExitCode {
    match args.action {
        None => show(args.json),
        Some(PricesAction::Refresh(refresh)) => refresh_prices(refresh).await,
    }
}

async fn refresh_prices(args: RefreshArgs) -> ExitCode {
    let service = service(&args.connection, false);
    let result = match service.session().await {
        Ok(session) => refresh_price_list(&session, &data_dir()).await,
        Err(e) => Err(e),
    };
    service.shutdown().await;
    let refresh = match result {
        Ok(refresh) => refresh,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&refresh) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: the result could not be encoded: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        println!(
            "Priced {} models from the AWS Price List of {}; {} products left out (their model could not be named with certainty).",
            refresh.models, refresh.as_of, refresh.unmapped
        );
        println!("Cached in {}", sanitize(&refresh.path));
    }
    ExitCode::SUCCESS
}

fn show(json: bool) -> ExitCode {
    let load = PriceTable::load_dir(&data_dir());
    // Not fatal: what is broken is not used, and the table says what is.
    for problem in [&load.problem, &load.price_list_problem]
        .into_iter()
        .flatten()
    {
        eprintln!("warning: {}", sanitize(problem.message()));
        if let Some(hint) = problem.hint() {
            eprintln!("hint: {}", sanitize(hint));
        }
    }
    let rows = load.table.rows(None);
    if json {
        match serde_json::to_string_pretty(&json_value(&load, &rows)) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: the table could not be encoded: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", sanitize(&table(&load, &rows)));
    }
    ExitCode::SUCCESS
}

/// How a source is named to the user.
fn source_label(source: PriceSource) -> &'static str {
    match source {
        PriceSource::BuiltIn => "built-in",
        PriceSource::PriceList => "AWS Price List",
        PriceSource::UserFile => "prices.json",
    }
}

/// The sources in effect, in precedence order (lowest first).
fn sources(load: &PriceLoad, rows: &[PriceRow]) -> Vec<String> {
    let mut out = vec![format!("built-in ({PRICES_AS_OF})")];
    if let Some((region, as_of)) = load.table.price_list() {
        out.push(format!("AWS Price List for {region} ({as_of})"));
    }
    if rows.iter().any(|r| r.quote.source == PriceSource::UserFile) {
        out.push("your prices.json".to_owned());
    }
    out
}

fn json_value(load: &PriceLoad, rows: &[PriceRow]) -> serde_json::Value {
    let prices: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let p = &r.quote.price;
            serde_json::json!({
                "modelId": r.model_id,
                "inputPerMillion": p.input_per_million,
                "outputPerMillion": p.output_per_million,
                "cacheReadPerMillion": p.cache_read_per_million,
                "cacheWritePerMillion": p.cache_write_per_million,
                "source": r.quote.source,
                "asOf": r.quote.as_of,
                "note": r.quote.note,
            })
        })
        .collect();
    let price_list = load
        .table
        .price_list()
        .map(|(region, as_of)| serde_json::json!({"region": region, "asOf": as_of}));
    let problems: Vec<&str> = [&load.problem, &load.price_list_problem]
        .into_iter()
        .flatten()
        .map(|e| e.message())
        .collect();
    serde_json::json!({
        "sources": sources(load, rows),
        "priceList": price_list,
        "problems": problems,
        "prices": prices,
    })
}

/// USD per million tokens, or `-` where no price is published (never `0`).
fn usd(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v}"))
}

fn table(load: &PriceLoad, rows: &[PriceRow]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# USD per 1M tokens · sources: {} (later ones win)",
        sources(load, rows).join(" < ")
    );
    let header = [
        "MODEL",
        "INPUT",
        "OUTPUT",
        "CACHE READ",
        "CACHE WRITE",
        "SOURCE",
        "DATE",
    ]
    .map(str::to_owned);
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            let p = &r.quote.price;
            [
                r.model_id.clone(),
                usd(Some(p.input_per_million)),
                usd(Some(p.output_per_million)),
                usd(p.cache_read_per_million),
                usd(p.cache_write_per_million),
                source_label(r.quote.source).to_owned(),
                r.quote.as_of.clone().unwrap_or_else(|| "-".to_owned()),
            ]
        })
        .collect();
    let mut widths = [0usize; 7];
    for row in std::iter::once(&header).chain(cells.iter()) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(cells.iter()) {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(widths) {
            let _ = write!(line, "{cell:<w$}  ");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

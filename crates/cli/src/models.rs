//! `strata models`: the catalog the picker would show, as a table or JSON.

use std::fmt::Write as _;
use std::process::ExitCode;

use strata_core::{EntryKind, ModelEntry, ModelList};

use crate::connection::{service, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::sanitize;

/// Options of `strata models`.
#[derive(Debug, clap::Args)]
pub(crate) struct ModelsArgs {
    /// Print JSON (the connection and the merged catalog) instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also list Application Inference Profiles, with their tags.
    #[arg(long)]
    pub(crate) inference_profiles: bool,
    #[command(flatten)]
    pub(crate) connection: ConnectionArgs,
}

/// Runs `strata models`.
pub(crate) async fn run(args: ModelsArgs) -> ExitCode {
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
                e.tags_text(),
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

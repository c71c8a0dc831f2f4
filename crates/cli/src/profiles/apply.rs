//! `strata profiles apply FILE`: a reviewed JSON or YAML file of application profiles made
//! true in AWS (the planner is core's `profiles::apply`). Every entry is checked before any
//! request; `--dry-run` only lists and reads; a second run reports no changes.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::Value;
use strata_core::profiles::apply::{
    apply_region, plan, unavailable_sources, unavailable_sources_error, AppliedItem, Plan,
    PlanAction, PlanItem, PlanSummary, ProfilesFile, RegionState,
};
use strata_core::profiles::{ProfileType, Profiles};
use strata_core::{CatalogService, Error};

use super::aws_json::to_aws_json;
use super::text::tags_text;
use crate::connection::{service, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::sanitize;

/// Options of `strata profiles apply`.
#[derive(Debug, clap::Args)]
pub(crate) struct ApplyArgs {
    /// The profiles file: JSON, or YAML when it ends in .yaml or .yml.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Print the plan without changing anything (only list and read calls are made).
    #[arg(long)]
    dry_run: bool,
    /// Also delete the application profiles of the file's regions that it does not list.
    #[arg(long)]
    prune: bool,
    /// Print the plan (and what became of each item) as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Runs `strata profiles apply`.
pub(crate) async fn run(args: ApplyArgs) -> ExitCode {
    // The file first: a broken one is said before any connection is made.
    let file = match read(&args.file) {
        Ok(file) => file,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    let catalog = Arc::new(service(&args.connection, true));
    let profiles = Profiles::new(catalog.clone());
    let result = carry_out(&args, &file, &catalog, &profiles).await;
    catalog.shutdown().await;
    match result {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            ExitCode::FAILURE
        }
    }
}

/// The file as read: JSON, or YAML by its extension; shape problems all said at once.
fn read(path: &std::path::Path) -> Result<ProfilesFile, Error> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::validation(format!("Cannot read the profiles file {shown}: {e}."))
            .with_hint("Give the path of a JSON or YAML file (see docs/profiles.example.json).")
    })?;
    let yaml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let doc: Value = if yaml {
        yaml_serde::from_str(&text).map_err(|e| {
            Error::validation(format!("{shown} is not valid YAML: {e}"))
                .with_hint("Fix the file and run it again; nothing was sent to AWS.")
        })?
    } else {
        serde_json::from_str(&text).map_err(|e| {
            Error::validation(format!("{shown} is not valid JSON: {e}"))
                .with_hint("Fix the file (or name it .yaml for YAML) and run it again; nothing was sent to AWS.")
        })?
    };
    ProfilesFile::from_value(&doc)
}

/// Points the service at `region` (the profiles follow it).
async fn use_region(catalog: &CatalogService, region: &str) -> Result<(), Error> {
    let mut settings = catalog.settings().await;
    if settings.region.as_deref() != Some(region) {
        settings.region = Some(region.to_owned());
        catalog.set_settings(settings).await?;
    }
    Ok(())
}

async fn carry_out(
    args: &ApplyArgs,
    file: &ProfilesFile,
    catalog: &CatalogService,
    profiles: &Profiles,
) -> Result<ExitCode, Error> {
    let default_region = catalog.session().await?.info.region.clone();
    // AWS's rules for every entry before any request.
    file.check(&default_region)?;
    let regions = file.regions(&default_region);
    let mut current = Vec::new();
    for region in &regions {
        use_region(catalog, region).await?;
        let answer = profiles.list(ProfileType::Application).await;
        if let Some(e) = answer.error {
            return Err(e);
        }
        current.push(RegionState {
            region: region.clone(),
            profiles: answer.profiles,
        });
    }
    let plan = plan(file, &default_region, &current, args.prune);
    // What each create copies must be offered in its region: checked (read-only) before any
    // change, so a typo in one entry changes nothing anywhere.
    let mut problems = Vec::new();
    for region in &regions {
        let creates = plan
            .items
            .iter()
            .any(|i| &i.region == region && matches!(i.action, PlanAction::Create { .. }));
        if creates {
            use_region(catalog, region).await?;
            let sources = profiles.sources().await?;
            problems.extend(unavailable_sources(&plan.items, region, &sources));
        }
    }
    if !problems.is_empty() {
        return Err(unavailable_sources_error(problems));
    }
    if args.dry_run {
        if args.json {
            print!("{}", plan_json(&plan, None));
        } else {
            print!("{}", sanitize(&plan_text(&plan, None)));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut applied = Vec::new();
    for region in &regions {
        use_region(catalog, region).await?;
        let token = || uuid::Uuid::new_v4().to_string();
        applied.extend(apply_region(profiles, region, &plan.items, &token).await);
    }
    if args.json {
        print!("{}", plan_json(&plan, Some(&applied)));
    } else {
        print!("{}", sanitize(&plan_text(&plan, Some(&applied))));
    }
    let failed: Vec<&AppliedItem> = applied.iter().filter(|a| !a.done).collect();
    for item in &failed {
        if let Some(e) = &item.error {
            eprintln!(
                "{}",
                sanitize(&format!(
                    "error: {} ({}) failed:",
                    item.item.name, item.item.region
                ))
            );
            print_error(e);
        }
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn plan_json(plan: &Plan, applied: Option<&[AppliedItem]>) -> String {
    let summary = plan.summary();
    let items = match applied {
        Some(applied) => serde_json::to_value(applied),
        None => serde_json::to_value(&plan.items),
    };
    let items = items.unwrap_or(Value::Null);
    to_aws_json(&serde_json::json!({
        "dryRun": applied.is_none(),
        "regions": plan.regions,
        "summary": summary,
        "changes": summary.changes(),
        "profiles": items,
    }))
}

fn action_word(action: &PlanAction) -> &'static str {
    match action {
        PlanAction::Create { .. } => "create",
        PlanAction::ChangeTags { .. } => "change tags",
        PlanAction::Unchanged => "unchanged",
        PlanAction::Drift { .. } => "drift",
        PlanAction::Delete => "delete",
    }
}

fn action_detail(item: &PlanItem) -> String {
    match &item.action {
        PlanAction::Create { draft } => {
            let tags = if draft.tags.is_empty() {
                String::new()
            } else {
                format!(", tags {}", tags_text(Some(&draft.tags)))
            };
            format!("from {}{tags}", draft.source)
        }
        PlanAction::ChangeTags { tags } => {
            let mut parts = Vec::new();
            parts.extend(tags.added.iter().map(|t| format!("+{}={}", t.key, t.value)));
            parts.extend(
                tags.changed
                    .iter()
                    .map(|c| format!("~{}={} (was {})", c.key, c.to, c.from)),
            );
            parts.extend(tags.removed.iter().map(|t| format!("-{}", t.key)));
            parts.join("  ")
        }
        PlanAction::Unchanged => String::new(),
        PlanAction::Drift { differences } => {
            let parts: Vec<String> = differences
                .iter()
                .map(|d| {
                    format!(
                        "{}: AWS has {}, the file says {}",
                        d.field,
                        quoted(d.aws.as_deref()),
                        quoted(d.file.as_deref())
                    )
                })
                .collect();
            format!(
                "{} (left alone: a profile cannot be changed; delete it and apply again to recreate it)",
                parts.join("; ")
            )
        }
        PlanAction::Delete => "not in the file (--prune)".to_owned(),
    }
}

fn quoted(text: Option<&str>) -> String {
    text.map_or_else(|| "none".to_owned(), |t| format!("{t:?}"))
}

fn summary_text(summary: &PlanSummary, done: bool) -> String {
    let mut parts = Vec::new();
    let verbs: [(usize, &str, &str); 3] = [
        (summary.create, "to create", "created"),
        (summary.change_tags, "to change tags", "with changed tags"),
        (summary.delete, "to delete", "deleted"),
    ];
    for (count, planned, happened) in verbs {
        if count > 0 {
            parts.push(format!("{count} {}", if done { happened } else { planned }));
        }
    }
    let mut text = if parts.is_empty() {
        "No changes".to_owned()
    } else {
        parts.join(", ")
    };
    let _ = write!(text, "; {} unchanged", summary.unchanged);
    if summary.drift > 0 {
        let _ = write!(text, "; {} drifted (left alone)", summary.drift);
    }
    text.push('.');
    text
}

fn plan_text(plan: &Plan, applied: Option<&[AppliedItem]>) -> String {
    let mut out = String::new();
    let rows: Vec<(PlanItem, Option<bool>)> = match applied {
        Some(applied) => applied
            .iter()
            .map(|a| (a.item.clone(), Some(a.done)))
            .collect(),
        None => plan.items.iter().map(|i| (i.clone(), None)).collect(),
    };
    let width = rows
        .iter()
        .map(|(i, _)| i.name.chars().count())
        .max()
        .unwrap_or(0);
    for region in &plan.regions {
        let _ = writeln!(out, "{region}");
        for (item, done) in rows.iter().filter(|(i, _)| &i.region == region) {
            let mark = match done {
                Some(false) => "FAILED ",
                _ => "",
            };
            let detail = action_detail(item);
            let line = format!(
                "  {mark}{:<12} {:<width$}  {detail}",
                action_word(&item.action),
                item.name
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    match applied {
        None => {
            let summary = plan.summary();
            let _ = writeln!(out, "Plan: {}", summary_text(&summary, false));
            let _ = writeln!(out, "Dry run: nothing was changed.");
        }
        Some(applied) => {
            let failed = applied.iter().filter(|a| !a.done).count();
            // Only what succeeded counts as done.
            let done = Plan {
                regions: Vec::new(),
                items: applied
                    .iter()
                    .filter(|a| a.done)
                    .map(|a| a.item.clone())
                    .collect(),
            };
            let _ = writeln!(out, "Applied: {}", summary_text(&done.summary(), true));
            if failed > 0 {
                let _ = writeln!(out, "{failed} failed (see the errors below).");
            }
        }
    }
    out
}

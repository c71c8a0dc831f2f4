//! `strata alerts`: the per-project AWS Budgets and the CloudWatch billing alarm Strata makes,
//! from the command line. Input is checked as AWS checks it before any request (exit 1 with the
//! field and what is wrong); `list` shows only what Strata made.

use std::process::ExitCode;
use std::sync::Arc;

use strata_core::catalog::Tag;
use strata_core::costs::{Alert, AlertKind, BilledCache, BillingAlarmDraft, BudgetDraft, Costs};
use strata_core::data_folder::data_dir;
use strata_core::ledger::UsageLedger;
use strata_core::storage::DATABASE_FILE;
use strata_core::Error;

use crate::connection::{service, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::sanitize;

/// Options of `strata alerts`.
#[derive(Debug, clap::Args)]
pub(crate) struct AlertsArgs {
    #[command(subcommand)]
    command: Verb,
}

#[derive(Debug, clap::Subcommand)]
enum Verb {
    /// Lists the budgets and billing alarms Strata made, with spend so far and state.
    List(ListArgs),
    /// Creates a monthly AWS Budget (for one tag value), or with --billing-alarm the
    /// CloudWatch billing alarm on all of the account's Bedrock spend.
    Create(CreateArgs),
    /// Deletes a budget or billing alarm Strata made.
    Delete(DeleteArgs),
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// Print the alerts as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Args)]
struct CreateArgs {
    /// The budget's or alarm's name.
    #[arg(long, value_name = "NAME")]
    name: String,
    /// The budget's monthly limit in US dollars.
    #[arg(
        long,
        value_name = "AMOUNT",
        allow_negative_numbers = true,
        required_unless_present = "billing_alarm",
        // `requires = "billing_alarm"` on --threshold-usd cannot refuse this pair: a flag's
        // default counts as present for `requires`, so the conflict is said here.
        conflicts_with_all = ["billing_alarm", "threshold_usd"]
    )]
    monthly_usd: Option<String>,
    /// Limit the budget to one cost allocation tag value, KEY=VALUE (Project=Alpha).
    #[arg(long, value_name = "KEY=VALUE", conflicts_with = "billing_alarm")]
    tag: Option<String>,
    /// Who is e-mailed when a threshold is passed (repeat for more, at most 10).
    #[arg(long, value_name = "ADDRESS", conflicts_with = "billing_alarm")]
    email: Vec<String>,
    /// When, in percent of the limit (repeat; 80 and 100 when an e-mail is given and none is).
    #[arg(
        long,
        value_name = "P",
        allow_negative_numbers = true,
        conflicts_with = "billing_alarm"
    )]
    threshold_percent: Vec<String>,
    /// Create the CloudWatch billing alarm instead (EstimatedCharges in us-east-1: all of the
    /// account's Bedrock spend, whatever its tags).
    #[arg(long)]
    billing_alarm: bool,
    /// The alarm's threshold in US dollars of estimated charges.
    #[arg(
        long,
        value_name = "AMOUNT",
        allow_negative_numbers = true,
        requires = "billing_alarm",
        required_if_eq("billing_alarm", "true")
    )]
    threshold_usd: Option<String>,
    /// Print the created alert as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Args)]
struct DeleteArgs {
    /// The name of the budget or alarm.
    #[arg(long, value_name = "NAME")]
    name: String,
    /// Print the deleted alert as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Runs `strata alerts`.
pub(crate) async fn run(args: AlertsArgs) -> ExitCode {
    match args.command {
        Verb::List(a) => list(a).await,
        Verb::Create(a) => create(a).await,
        Verb::Delete(a) => delete(a).await,
    }
}

/// Runs `work` with the connection's costs service, then stops demo mode's emulator; an error
/// is printed with its hint and exits 1.
async fn with_costs<F, Fut>(connection: &ConnectionArgs, work: F) -> ExitCode
where
    F: FnOnce(Costs) -> Fut,
    Fut: std::future::Future<Output = Result<(), Error>>,
{
    let catalog = Arc::new(service(connection, false));
    // Alerts never read the ledger; the Costs service needs one, opened only on first use.
    let costs = Costs::new(
        catalog.clone(),
        UsageLedger::new(data_dir().join(DATABASE_FILE)),
        Arc::new(BilledCache::in_memory()),
    );
    let result = work(costs).await;
    catalog.shutdown().await;
    finish(result)
}

fn finish(result: Result<(), Error>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e);
            ExitCode::FAILURE
        }
    }
}

/// A number given on the command line, or a validation error naming the flag.
fn number(flag: &str, text: &str) -> Result<f64, Error> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| {
            Error::validation(format!("{flag}: {text:?} is not a number."))
                .with_hint("Give a plain decimal number, such as 100 or 12.50.")
        })
}

fn parse_tag(text: &str) -> Result<Tag, Error> {
    match text.split_once('=') {
        Some((key, value)) => Ok(Tag {
            key: key.to_owned(),
            value: value.to_owned(),
        }),
        None => Err(
            Error::validation(format!("--tag: {text:?} is not KEY=VALUE."))
                .with_hint("Name the tag and its value, such as --tag Project=Alpha."),
        ),
    }
}

fn budget_draft(args: &CreateArgs) -> Result<BudgetDraft, Error> {
    let monthly = args.monthly_usd.as_deref().unwrap_or_default();
    let draft = BudgetDraft {
        name: args.name.clone(),
        monthly_usd: number("--monthly-usd", monthly)?,
        tag: args.tag.as_deref().map(parse_tag).transpose()?,
        emails: args.email.clone(),
        thresholds_percent: args
            .threshold_percent
            .iter()
            .map(|p| number("--threshold-percent", p))
            .collect::<Result<_, _>>()?,
    };
    strata_core::costs::alerts::check_budget(&draft)?;
    Ok(draft)
}

fn alarm_draft(args: &CreateArgs) -> Result<BillingAlarmDraft, Error> {
    let draft = BillingAlarmDraft {
        name: args.name.clone(),
        threshold_usd: number(
            "--threshold-usd",
            args.threshold_usd.as_deref().unwrap_or_default(),
        )?,
    };
    strata_core::costs::alerts::check_billing_alarm(&draft)?;
    Ok(draft)
}

fn usd(amount: f64) -> String {
    format!("${amount:.2}")
}

fn percent(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p}%")
    }
}

/// One alert in words: name, kind and limit, what it has measured, who hears of it, its scope.
fn describe(alert: &Alert) -> String {
    let mut out = match alert.kind {
        AlertKind::Budget => {
            let spent = alert.actual_usd.map_or_else(
                || "spent this month: unknown (AWS gave no figure)".to_owned(),
                |a| format!("spent this month: {}", usd(a)),
            );
            format!(
                "{}  budget  {} a month  {spent}\n",
                alert.name,
                usd(alert.limit_usd)
            )
        }
        AlertKind::BillingAlarm => format!(
            "{}  billing alarm  above {} of estimated charges  state: {}\n",
            alert.name,
            usd(alert.limit_usd),
            alert.state.as_deref().unwrap_or("unknown")
        ),
    };
    if !alert.thresholds_percent.is_empty() {
        let at: Vec<String> = alert
            .thresholds_percent
            .iter()
            .map(|p| percent(*p))
            .collect();
        out.push_str(&format!(
            "  e-mails {} at {} of the limit\n",
            alert.emails.join(", "),
            at.join(", ")
        ));
    }
    out.push_str(&format!("  covers: {}\n", alert.scope));
    out
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::internal(format!("The alerts could not be written as JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

async fn list(args: ListArgs) -> ExitCode {
    with_costs(&args.connection, |costs| async move {
        let alerts = costs.alerts().await?;
        if args.json {
            return print_json(&alerts);
        }
        if alerts.is_empty() {
            println!("No budgets or billing alarms made by Strata.");
        }
        for alert in &alerts {
            print!("{}", sanitize(&describe(alert)));
        }
        Ok(())
    })
    .await
}

async fn create(args: CreateArgs) -> ExitCode {
    // Checked before any connection is made, so bad input never reaches AWS.
    if args.billing_alarm {
        let draft = match alarm_draft(&args) {
            Ok(d) => d,
            Err(e) => return finish(Err(e)),
        };
        with_costs(&args.connection, |costs| async move {
            let alert = costs.create_billing_alarm(&draft).await?;
            show_created(&alert, args.json)
        })
        .await
    } else {
        let draft = match budget_draft(&args) {
            Ok(d) => d,
            Err(e) => return finish(Err(e)),
        };
        with_costs(&args.connection, |costs| async move {
            let alert = costs.create_budget(&draft).await?;
            show_created(&alert, args.json)
        })
        .await
    }
}

fn show_created(alert: &Alert, json: bool) -> Result<(), Error> {
    if json {
        return print_json(alert);
    }
    print!("created: {}", sanitize(&describe(alert)));
    Ok(())
}

async fn delete(args: DeleteArgs) -> ExitCode {
    with_costs(&args.connection, |costs| async move {
        let alert = costs.delete_alert(&args.name).await?;
        if args.json {
            return print_json(&alert);
        }
        print!("deleted: {}", sanitize(&describe(&alert)));
        Ok(())
    })
    .await
}

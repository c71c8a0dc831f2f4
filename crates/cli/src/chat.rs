//! `strata chat`: one message, the answer streamed to stdout (the reasoning, when asked for, to
//! stderr before it), the turn recorded in the ledger.
//!
//! Before any call, the attachments are read and checked against AWS's limits; after the model
//! list is loaded and before the model is called, the options are checked against what the
//! model underneath takes (`ChatRequest::validate_for`). Either refusal exits 1.

use std::process::ExitCode;

use strata_core::chat::{
    attachments, features_for, ChatEvent, ChatMessage, ChatRequest, ModelFeatures, ReasoningLevel,
    Role, ServiceTier, StartOptions, StopReason, TurnUsage,
};
use strata_core::data_folder::{chat_service, data_dir};

use crate::connection::{service, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::{sanitize, TerminalFilter};

/// A `--reasoning-budget`: a level (whose tokens come from the model) or tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReasoningArg {
    /// off, low, medium or high.
    Level(ReasoningLevel),
    /// A budget in tokens.
    Tokens(u32),
}

fn parse_reasoning(text: &str) -> Result<ReasoningArg, String> {
    Ok(match text {
        "off" => ReasoningArg::Level(ReasoningLevel::Off),
        "low" => ReasoningArg::Level(ReasoningLevel::Low),
        "medium" => ReasoningArg::Level(ReasoningLevel::Medium),
        "high" => ReasoningArg::Level(ReasoningLevel::High),
        n => {
            ReasoningArg::Tokens(n.parse().map_err(|_| {
                format!("{n:?} is not off, low, medium, high or a number of tokens")
            })?)
        }
    })
}

fn parse_tier(text: &str) -> Result<ServiceTier, String> {
    match ServiceTier::from_word(text) {
        Some(t @ (ServiceTier::Default | ServiceTier::Priority | ServiceTier::Flex)) => Ok(t),
        _ => Err(format!("{text:?} is not default, priority or flex")),
    }
}

/// Options of `strata chat`.
#[derive(Debug, clap::Args)]
pub(crate) struct ChatArgs {
    /// The model id, system profile id, application profile ARN, or a profile's name.
    #[arg(long)]
    pub(crate) model: String,
    /// Instructions for the model.
    #[arg(long)]
    pub(crate) system: Option<String>,
    /// The most tokens the answer may have.
    #[arg(long)]
    pub(crate) max_tokens: Option<u32>,
    /// Sampling temperature, 0 to 1.
    #[arg(long)]
    pub(crate) temperature: Option<f32>,
    /// Nucleus sampling, 0 to 1.
    #[arg(long)]
    pub(crate) top_p: Option<f32>,
    /// A text that stops the answer (repeatable).
    #[arg(long = "stop", value_name = "TEXT")]
    pub(crate) stop: Vec<String>,
    /// Extended thinking: off, low, medium, high (the model's budgets) or a budget in tokens.
    #[arg(long, value_name = "off|low|medium|high|N", value_parser = parse_reasoning)]
    pub(crate) reasoning_budget: Option<ReasoningArg>,
    /// A file to send with the message: an image (PNG, JPEG, GIF, WebP) or a document (PDF,
    /// CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD); repeatable.
    #[arg(long = "attach", value_name = "FILE")]
    pub(crate) attach: Vec<std::path::PathBuf>,
    /// Send no prompt-cache points.
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// The service tier to ask for: default, priority or flex.
    #[arg(long, value_name = "default|priority|flex", value_parser = parse_tier)]
    pub(crate) service_tier: Option<ServiceTier>,
    #[command(flatten)]
    pub(crate) connection: ConnectionArgs,
    /// The message; `-` reads it from standard input (up to 4 MiB).
    pub(crate) prompt: String,
}

/// The prompt: the argument, or standard input when it is `-` (at most the limit of one turn).
fn read_prompt(arg: &str) -> Result<String, strata_core::Error> {
    if arg == "-" {
        strata_core::limits::read_turn_text(std::io::stdin().lock())
    } else {
        Ok(arg.to_owned())
    }
}

/// The budget in tokens of `arg` for a model of `features` (`None`: off). A level needs a model
/// with reasoning; a number is checked with the request.
fn budget_of(
    arg: Option<ReasoningArg>,
    features: &ModelFeatures,
) -> Result<Option<u32>, strata_core::Error> {
    match arg {
        None | Some(ReasoningArg::Level(ReasoningLevel::Off)) => Ok(None),
        Some(ReasoningArg::Tokens(n)) => Ok(Some(n)),
        Some(ReasoningArg::Level(level)) => match features.reasoning {
            Some(spec) => Ok(spec.budget(level)),
            None => Err(strata_core::Error::validation(format!(
                "--reasoning-budget: {} has no extended thinking.",
                features.model_id.as_deref().unwrap_or("this model")
            ))
            .with_hint("Leave --reasoning-budget out, or choose a model with reasoning.")),
        },
    }
}

/// The end line's parts beyond tokens, time and cost: cache, reasoning, tier, saving.
fn usage_extras(u: &TurnUsage) -> String {
    let mut parts = Vec::new();
    if u.cache_read_tokens.is_some() || u.cache_write_tokens.is_some() {
        parts.push(format!(
            "cache {} read / {} written",
            u.cache_read_tokens.unwrap_or(0),
            u.cache_write_tokens.unwrap_or(0)
        ));
    }
    if let Some(r) = u.reasoning_tokens {
        parts.push(format!("{r} reasoning tokens (estimated)"));
    }
    if let Some(tier) = u.service_tier {
        parts.push(format!("tier {}", tier.as_str()));
    }
    if let Some(saved) = u.cache_saved_usd {
        parts.push(format!("caching saved ${saved:.6}"));
    }
    parts.iter().map(|p| format!(" · {p}")).collect()
}

/// Runs `strata chat`: the turn itself is core's `ChatService::start`, as in the window; this
/// only checks the options, prints its events and its end.
pub(crate) async fn run(args: ChatArgs) -> ExitCode {
    use std::io::{IsTerminal as _, Write as _};
    use strata_core::ledger::TurnOutcome;

    let prompt = match read_prompt(&args.prompt) {
        Ok(p) => p,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    // The files first: a file over AWS's limits is refused before any call at all.
    let mut files = Vec::with_capacity(args.attach.len());
    for path in &args.attach {
        match attachments::read_file(path) {
            Ok(a) => files.push(a),
            Err(e) => {
                print_error(&e);
                return ExitCode::FAILURE;
            }
        }
    }
    let mut message = ChatMessage::text(Role::User, prompt);
    message.attachments = files;
    let mut request = ChatRequest::new(args.model.clone(), vec![message]);
    request.system = args.system.clone();
    request.max_tokens = args.max_tokens;
    request.temperature = args.temperature;
    request.top_p = args.top_p;
    request.stop_sequences = args.stop.clone();
    request.service_tier = args.service_tier;
    request.prompt_cache = !args.no_cache;
    if let Some(ReasoningArg::Tokens(n)) = args.reasoning_budget {
        request.reasoning_budget = Some(n);
    }
    if let Err(e) = request.validate() {
        print_error(&e);
        return ExitCode::from(2);
    }
    let (chats, prices_problem) = chat_service(&data_dir());
    if let Some(problem) = &prices_problem {
        eprintln!("warning: {}", problem.message());
    }
    let catalog = std::sync::Arc::new(service(&args.connection, true));
    // The list first (no model call), so the options are checked against the model underneath.
    if let Some(error) = catalog.refresh().await.error {
        print_error(&error);
        catalog.shutdown().await;
        return ExitCode::FAILURE;
    }
    if let Some(entry) = catalog.entry(&request.entry_id).await {
        let features = features_for(&entry, &entry.region);
        let checked = budget_of(args.reasoning_budget, &features).and_then(|budget| {
            request.reasoning_budget = budget;
            request.validate_for(&features)
        });
        if let Err(e) = checked {
            print_error(&e);
            catalog.shutdown().await;
            return ExitCode::FAILURE;
        }
    }
    // An entry not in the list fails the turn with the hint below, before any call.
    let options = StartOptions {
        refresh_catalog: false,
        missing_entry_hint: Some(
            "`strata models --inference-profiles` lists what you can use there.".to_owned(),
        ),
        ..StartOptions::default()
    };
    let mut stdout = std::io::stdout();
    let mut safe = TerminalFilter::default();
    let mut safe_reasoning = TerminalFilter::default();
    let dim = std::io::stderr().is_terminal();
    let mut reasoning_open = false;
    let close_reasoning = move |open: &mut bool| {
        if std::mem::take(open) {
            eprintln!("{}\n[end of reasoning]", if dim { "\x1b[0m" } else { "" });
        }
    };
    let started = chats.start(
        catalog.clone(),
        request,
        options,
        move |event| match event {
            ChatEvent::ReasoningDelta { text } => {
                if !reasoning_open {
                    reasoning_open = true;
                    eprint!("[reasoning]\n{}", if dim { "\x1b[2m" } else { "" });
                }
                let mut stderr = std::io::stderr();
                let _ = stderr.write_all(safe_reasoning.push(&text).as_bytes());
                let _ = stderr.flush();
            }
            ChatEvent::Delta { text } => {
                close_reasoning(&mut reasoning_open);
                let _ = stdout.write_all(safe.push(&text).as_bytes());
                let _ = stdout.flush();
            }
            ChatEvent::Stopped { reason } => {
                close_reasoning(&mut reasoning_open);
                if reason == StopReason::MaxTokens {
                    eprintln!("\n[the answer was cut at the max-token limit]");
                }
            }
            ChatEvent::Failed { .. } | ChatEvent::Finished { .. } => {
                close_reasoning(&mut reasoning_open);
            }
            _ => {}
        },
    );
    let turn = match started {
        Ok(turn) => turn,
        // Refused before anything started (checked above already; a guard).
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    let on_ctrl_c = turn.canceller();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let end = turn.finished().await;
    catalog.shutdown().await;
    if end.report.is_none() {
        // Nothing was sent: the connection or the entry failed, or Ctrl+C came first.
        return match &end.error {
            Some(e) => {
                print_error(e);
                ExitCode::FAILURE
            }
            None => {
                eprintln!("[interrupted before the request was sent; nothing recorded]");
                ExitCode::from(130)
            }
        };
    }
    println!();
    let u = &end.usage;
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
    let via = match &end.entry {
        Some(entry) if entry.kind == strata_core::EntryKind::ApplicationProfile => {
            sanitize(&format!(" · via {} [{}]", entry.name, entry.tags_text()))
        }
        _ => String::new(),
    };
    eprintln!(
        "— {tokens}{} · {} ms{ttft} · {cost}{via}",
        usage_extras(u),
        u.latency_ms
    );
    match (end.outcome, &end.error) {
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

//! `strata chat`: one message, the answer streamed to stdout, the turn recorded in the ledger.

use std::process::ExitCode;

use strata_core::data_folder::{chat_service, data_dir};

use crate::connection::{service, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::{sanitize, TerminalFilter};

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

/// Runs `strata chat`: the turn itself is core's `ChatService::start`, as in the window; this
/// only prints its events and its end.
pub(crate) async fn run(args: ChatArgs) -> ExitCode {
    use std::io::Write as _;
    use strata_core::chat::{ChatEvent, ChatMessage, ChatRequest, Role, StartOptions, StopReason};
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
        messages: vec![ChatMessage::text(Role::User, prompt)],
        max_tokens: args.max_tokens,
        temperature: None,
        top_p: None,
        stop_sequences: Vec::new(),
        reasoning_budget: None,
        service_tier: None,
        prompt_cache: true,
        conversation_id: None,
    };
    let (chats, prices_problem) = chat_service(&data_dir());
    if let Some(problem) = &prices_problem {
        eprintln!("warning: {}", problem.message());
    }
    let catalog = std::sync::Arc::new(service(&args.connection, true));
    // No list is loaded yet: the turn loads it, then finds the entry by id, ARN or name.
    let options = StartOptions {
        refresh_catalog: true,
        missing_entry_hint: Some(
            "`strata models --inference-profiles` lists what you can use there.".to_owned(),
        ),
        ..StartOptions::default()
    };
    let mut stdout = std::io::stdout();
    let mut safe = TerminalFilter::default();
    let started = chats.start(
        catalog.clone(),
        request,
        options,
        move |event| match event {
            ChatEvent::Delta { text } => {
                let _ = stdout.write_all(safe.push(&text).as_bytes());
                let _ = stdout.flush();
            }
            ChatEvent::Stopped {
                reason: StopReason::MaxTokens,
            } => eprintln!("\n[the answer was cut at the max-token limit]"),
            _ => {}
        },
    );
    let turn = match started {
        Ok(turn) => turn,
        // Refused before anything started (an empty prompt, max tokens out of range …).
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
        // Nothing was sent: the list, the connection or the entry failed, or Ctrl+C came first.
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
    eprintln!("— {tokens} · {} ms{ttft} · {cost}{via}", u.latency_ms);
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

//! `bedrock-emulator`: runs the emulator until SIGINT or SIGTERM. The first stdout line is
//! `listening on http://127.0.0.1:PORT`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use bedrock_emulator::{
    Billing, Emulator, EmulatorConfig, Fault, Pacing, Seed, DEFAULT_ACCOUNT_ID,
};
use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SeedArg {
    /// The user guide's application profiles in ap-northeast-1.
    Demo,
    /// No application profiles.
    Empty,
}

/// A local Amazon Bedrock (control plane and runtime on one port) for tests, benchmarks and demos.
#[derive(Debug, Parser)]
#[command(name = "bedrock-emulator", version)]
struct Args {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:0", env = "BEDROCK_EMULATOR_LISTEN")]
    listen: SocketAddr,
    /// Application profiles to start with when there is no state file.
    #[arg(long, value_enum, default_value = "demo")]
    seed: SeedArg,
    /// Persist application profiles, tags and idempotency tokens in this file.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Account id used in ARNs (12 digits).
    #[arg(long, default_value = DEFAULT_ACCOUNT_ID)]
    account: String,
    /// The principal signed requests come from (GetCallerIdentity, AccessDenied): an IAM user,
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` or a federated user of --account.
    #[arg(long, value_name = "ARN")]
    caller_arn: Option<String>,
    /// Delay before the first chunk of an answer, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 300)]
    time_to_first_token_ms: u64,
    /// Delay between chunks of an answer, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 20)]
    chunk_delay_ms: u64,
    /// No delays at all (same as both delays 0).
    #[arg(long)]
    no_pacing: bool,
    /// Calls appear in Cost Explorer only this many milliseconds after they were answered.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    billing_delay_ms: u64,
    /// Bill calls on this day (YYYY-MM-DD) instead of today's UTC date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    billing_today: Option<String>,
    /// OP=ERROR[:COUNT]: the next COUNT calls of OP (or every call) fail with ERROR. OP may be `*`.
    #[arg(long, value_name = "OP=ERROR[:COUNT]", value_parser = Fault::parse_error_flag)]
    fault_error: Vec<Fault>,
    /// OP=MS: every call of OP waits MS milliseconds more.
    #[arg(long, value_name = "OP=MS", value_parser = Fault::parse_latency_flag)]
    fault_latency: Vec<Fault>,
    /// OP=RATE: that fraction (0–1) of the calls of OP get a ThrottlingException.
    #[arg(long, value_name = "OP=RATE", value_parser = Fault::parse_throttle_flag)]
    fault_throttle: Vec<Fault>,
    /// ACTION[,ACTION…]: IAM actions denied with AccessDeniedException (e.g. bedrock:CreateInferenceProfile).
    #[arg(long, value_name = "ACTIONS", value_parser = Fault::parse_deny_flag)]
    fault_deny: Vec<Fault>,
    /// OP=N[:drop|:EXCEPTION][:COUNT]: streams of OP break after N chunks.
    #[arg(long, value_name = "OP=N[:MODE][:COUNT]", value_parser = Fault::parse_stream_break_flag)]
    fault_stream_break: Vec<Fault>,
    /// OP=N[:COUNT]: streams of OP send N chunks, then nothing, keeping the connection open.
    #[arg(long, value_name = "OP=N[:COUNT]", value_parser = Fault::parse_stall_flag)]
    fault_stall: Vec<Fault>,
    /// OP[:COUNT]: streams of OP end after their text, without messageStop and metadata.
    #[arg(long, value_name = "OP[:COUNT]", value_parser = Fault::parse_no_message_stop_flag)]
    fault_no_message_stop: Vec<Fault>,
    /// TYPE[:COUNT]: ListInferenceProfiles of TYPE (SYSTEM_DEFINED, APPLICATION or `*`) repeats its nextToken forever.
    #[arg(long, value_name = "TYPE[:COUNT]", value_parser = Fault::parse_repeat_next_token_flag)]
    fault_repeat_next_token: Vec<Fault>,
    /// SECONDS: the emulator's clock runs that far from the real one (negative: behind), in its
    /// `Date` headers and its check of signing times.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true, value_parser = Fault::parse_clock_skew_flag)]
    fault_clock_skew: Option<Fault>,
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("BEDROCK_EMULATOR_LOG").unwrap_or_else(
                |_| tracing_subscriber::EnvFilter::new("warn,bedrock_emulator=info"),
            ),
        )
        .with_writer(std::io::stderr)
        .init();
    let pacing = if args.no_pacing {
        Pacing::ZERO
    } else {
        Pacing {
            time_to_first_token: Duration::from_millis(args.time_to_first_token_ms),
            per_chunk: Duration::from_millis(args.chunk_delay_ms),
        }
    };
    let faults = [
        args.fault_error,
        args.fault_latency,
        args.fault_throttle,
        args.fault_deny,
        args.fault_stream_break,
        args.fault_stall,
        args.fault_no_message_stop,
        args.fault_repeat_next_token,
        args.fault_clock_skew.into_iter().collect(),
    ]
    .concat();
    let config = EmulatorConfig {
        listen: args.listen,
        seed: match args.seed {
            SeedArg::Demo => Seed::Demo,
            SeedArg::Empty => Seed::Empty,
        },
        state_file: args.state,
        account_id: args.account,
        caller_arn: args.caller_arn,
        pacing,
        faults,
        billing: Billing {
            delay: Duration::from_millis(args.billing_delay_ms),
            today: args.billing_today,
        },
        ..EmulatorConfig::default()
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("bedrock-emulator: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let handle = match Emulator::start(config).await {
            Ok(handle) => handle,
            Err(e) => {
                eprintln!("bedrock-emulator: {e}");
                return ExitCode::FAILURE;
            }
        };
        {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "listening on {}", handle.endpoint());
            let _ = stdout.flush();
        }
        wait_for_signal().await;
        tracing::info!(target: "bedrock_emulator", "shutting down");
        handle.shutdown().await;
        ExitCode::SUCCESS
    })
}

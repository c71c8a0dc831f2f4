//! What no log directive may lift: the AWS SDK and HTTP crates log request and response bodies,
//! signing input and the unredacted `credential_process` command line at `trace`, so the window
//! and the headless commands both cap them at `debug` ([`secret_safe_caps`]).

use tracing_subscriber::filter::{LevelFilter, Targets};

/// Crates that log bodies, signing input or secrets at `trace` (prefixes of their targets).
pub const CAPPED_TARGETS: &[&str] = &[
    "aws_config",
    "aws_credential_types",
    "aws_runtime",
    "aws_sdk",
    "aws_sigv4",
    "aws_smithy",
    "aws_types",
    "h2",
    "hyper",
    "reqwest",
    "rustls",
    "tokio_rustls",
    "tower",
];

/// A filter that keeps [`CAPPED_TARGETS`] at `debug` at most and lets everything else through;
/// layered beside the `STRATA_LOG` filter, so no directive can lift the cap.
pub fn secret_safe_caps() -> Targets {
    CAPPED_TARGETS.iter().fold(
        Targets::new().with_default(LevelFilter::TRACE),
        |t, target| t.with_target(*target, LevelFilter::DEBUG),
    )
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::*;

    #[test]
    fn the_caps_hold_whatever_the_directive_names() {
        let caps = secret_safe_caps();
        for target in CAPPED_TARGETS {
            // Even `STRATA_LOG=aws_config=trace` cannot lift them: both filters must agree.
            assert!(caps.would_enable(target, &Level::DEBUG), "{target}");
            assert!(!caps.would_enable(target, &Level::TRACE), "{target}");
        }
        assert!(caps.would_enable("strata_core::chat", &Level::TRACE));
    }
}

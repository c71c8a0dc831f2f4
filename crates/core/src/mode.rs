//! How Strata talks to Bedrock in this run: the real service, or the embedded emulator (demo mode).

use serde::Serialize;
use ts_rs::TS;

/// Why the app runs in demo mode, shown to the user so the choice is never a mystery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DemoReason {
    /// `--demo` was on the command line.
    Flag,
    /// `STRATA_DEMO` was set to a true value.
    Environment,
    /// The "Demo mode" setting is on.
    Setting,
    /// No AWS credentials resolved and the setting leaves the choice to Strata.
    NoCredentials,
}

/// The mode chosen at start-up by switches (the settings and credentials can still choose demo
/// mode later; see `session`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunMode {
    /// `Some` when Bedrock calls go to the embedded emulator.
    pub demo: Option<DemoReason>,
}

impl RunMode {
    /// Reads the demo switches: the `--demo` flag wins, then `STRATA_DEMO` (`1`, `true`, `yes`, `on`).
    ///
    /// `args` are the process arguments after the program name; `demo_env` is the value of
    /// `STRATA_DEMO` if set.
    pub fn from_switches<I, S>(args: I, demo_env: Option<&str>) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        if args.into_iter().any(|a| a.as_ref() == "--demo") {
            return Self {
                demo: Some(DemoReason::Flag),
            };
        }
        let env_on = demo_env.is_some_and(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "on"
            )
        });
        Self {
            demo: env_on.then_some(DemoReason::Environment),
        }
    }

    /// True when Bedrock calls go to the embedded emulator.
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_turns_demo_on_whatever_the_environment_says() {
        let mode = RunMode::from_switches(["--demo"], Some("0"));
        assert_eq!(mode.demo, Some(DemoReason::Flag));
    }

    #[test]
    fn environment_accepts_common_true_words_only() {
        for on in ["1", "true", "TRUE", " yes ", "on"] {
            assert_eq!(
                RunMode::from_switches(Vec::<String>::new(), Some(on)).demo,
                Some(DemoReason::Environment),
                "{on:?} should turn demo mode on"
            );
        }
        for off in ["0", "false", "", "no", "demo"] {
            assert!(
                !RunMode::from_switches(Vec::<String>::new(), Some(off)).is_demo(),
                "{off:?} should leave demo mode off"
            );
        }
    }

    #[test]
    fn nothing_set_means_real_bedrock() {
        assert!(!RunMode::from_switches(["--verbose"], None).is_demo());
    }
}

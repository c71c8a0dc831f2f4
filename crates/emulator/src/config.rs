//! How an emulator is configured: address, seed, state file (and how it is written), account,
//! the caller's principal, pacing, billing's clock and faults.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::faults::Fault;

/// The account id used in ARNs when none is configured.
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";

/// What the emulator holds when it starts without a state file (and after `/_emulator/reset`).
///
/// The AWS-provided catalog (foundation models and system-defined inference profiles) is always
/// present; the seed only decides which application inference profiles exist.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Seed {
    /// The user guide's five application inference profiles in ap-northeast-1.
    #[default]
    Demo,
    /// No application inference profiles.
    Empty,
}

/// How fast streamed answers arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pacing {
    /// Delay before the first text chunk of an answer (also added to non-streamed answers).
    #[serde(with = "millis")]
    pub time_to_first_token: Duration,
    /// Delay before each further chunk (non-streamed answers wait for the whole answer).
    #[serde(with = "millis")]
    pub per_chunk: Duration,
}

impl Pacing {
    /// No delays at all: for tests and benchmarks.
    pub const ZERO: Pacing = Pacing {
        time_to_first_token: Duration::ZERO,
        per_chunk: Duration::ZERO,
    };
    /// Delays that feel like a real model in a demo: 300 ms to the first token, 20 ms per chunk.
    pub const REALISTIC: Pacing = Pacing {
        time_to_first_token: Duration::from_millis(300),
        per_chunk: Duration::from_millis(20),
    };

    /// True when there are no delays.
    pub fn is_zero(&self) -> bool {
        self.time_to_first_token.is_zero() && self.per_chunk.is_zero()
    }
}

impl Default for Pacing {
    fn default() -> Self {
        Self::REALISTIC
    }
}

mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &Duration,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(u64::try_from(value.as_millis()).unwrap_or(u64::MAX))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_millis)
    }
}

/// How billing sees time: a delay before a call appears in Cost Explorer (AWS's bill lags 24–48
/// hours; here zero unless set), and the day calls are billed on (today's UTC date unless set,
/// so that tests do not depend on the wall clock crossing midnight).
///
/// JSON form (admin API `PUT /_emulator/billing`): `{"delayMs": 3600000, "today": "2024-01-15"}`;
/// `today` may be `null` or left out (the wall clock's date).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Billing {
    /// Calls younger than this are not billed yet: GetCostAndUsage leaves them out.
    #[serde(rename = "delayMs", with = "millis", default)]
    pub delay: Duration,
    /// The day calls are billed on and the one Cost Explorer counts as "today" (its `Estimated`
    /// flag), `YYYY-MM-DD`; `None` is the wall clock's UTC date.
    #[serde(default)]
    pub today: Option<String>,
}

impl Billing {
    /// Checks `today` is a real `YYYY-MM-DD` date.
    pub fn validate(&self) -> Result<(), String> {
        match &self.today {
            Some(day) if crate::clock::parse_day(day).is_none() => Err(format!(
                "today {day:?} is not a real date of the form YYYY-MM-DD"
            )),
            _ => Ok(()),
        }
    }
}

/// The function that writes the state file: it must replace the file whole or leave it as it
/// was (never a torn file), and return the error when it could not write.
pub type StateWriteFn = dyn Fn(&Path, &[u8]) -> std::io::Result<()> + Send + Sync;

/// How the state file is written. The default writes a temp file in the same folder, fsyncs it,
/// renames it over the state file and fsyncs the folder. An embedding app passes its own durable
/// writer instead ([`EmulatorConfig::with_state_writer`]), so that all of its files are written
/// one way; the emulator keeps its own copy because it does not depend on the app's crates.
#[derive(Clone)]
pub struct StateWriter(Arc<StateWriteFn>);

impl StateWriter {
    /// A writer calling `write(path, bytes)`.
    pub fn new(
        write: impl Fn(&Path, &[u8]) -> std::io::Result<()> + Send + Sync + 'static,
    ) -> Self {
        Self(Arc::new(write))
    }

    /// Writes `bytes` to `path`.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        (self.0)(path, bytes)
    }
}

impl Default for StateWriter {
    fn default() -> Self {
        Self::new(crate::store::write_atomically)
    }
}

impl std::fmt::Debug for StateWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StateWriter(..)")
    }
}

impl PartialEq for StateWriter {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::addr_eq(Arc::as_ptr(&self.0), Arc::as_ptr(&other.0))
    }
}

/// Everything [`crate::Emulator::start`] needs.
#[derive(Clone, Debug, PartialEq)]
pub struct EmulatorConfig {
    /// Where to listen; port 0 picks a free port. Default `127.0.0.1:0`.
    pub listen: SocketAddr,
    /// Application profiles to start with when there is no state file. Default [`Seed::Demo`].
    pub seed: Seed,
    /// Where application profiles, tags and idempotency tokens persist; `None` keeps them in memory.
    pub state_file: Option<PathBuf>,
    /// How the state file is written. Default [`StateWriter::default`].
    pub state_writer: StateWriter,
    /// The 12-digit account id used in ARNs. Default [`DEFAULT_ACCOUNT_ID`].
    pub account_id: String,
    /// Delays of streamed answers. Default [`Pacing::REALISTIC`].
    pub pacing: Pacing,
    /// Faults active from the start (the admin API can change them later).
    pub faults: Vec<Fault>,
    /// Whether `/_emulator/…` (faults, reset, the request log; no authentication) is served.
    /// Default on, for the standalone binary and tests; an app embedding the emulator turns it
    /// off, and those paths then answer like any unknown AWS path.
    pub admin_api: bool,
    /// How many application profiles one account may have in one region; a create beyond it is
    /// `ServiceQuotaExceededException`. Default [`DEFAULT_PROFILE_QUOTA`], AWS's default quota.
    pub profile_quota: usize,
    /// Billing's delay and "today". Default: no delay, the wall clock's date.
    pub billing: Billing,
    /// The principal signed requests come from (GetCallerIdentity's ARN, the one AccessDenied
    /// names): an IAM user, an STS assumed role or a federated user of `account_id`, checked at
    /// start. Default `None`: `arn:aws:iam::ACCOUNT:user/emulator-user`.
    pub caller_arn: Option<String>,
}

/// AWS's default quota of application inference profiles per account and region.
pub const DEFAULT_PROFILE_QUOTA: usize = 2_000;

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            seed: Seed::Demo,
            state_file: None,
            state_writer: StateWriter::default(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            pacing: Pacing::REALISTIC,
            faults: Vec::new(),
            admin_api: true,
            profile_quota: DEFAULT_PROFILE_QUOTA,
            billing: Billing::default(),
            caller_arn: None,
        }
    }
}

impl EmulatorConfig {
    /// The configuration tests and benchmarks want: free loopback port, no pacing, the given seed.
    pub fn for_tests(seed: Seed) -> Self {
        Self {
            seed,
            pacing: Pacing::ZERO,
            ..Self::default()
        }
    }

    /// Sets the listen address.
    pub fn with_listen(mut self, listen: SocketAddr) -> Self {
        self.listen = listen;
        self
    }

    /// Sets the seed.
    pub fn with_seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the state file.
    pub fn with_state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Writes the state file with `write` instead of the emulator's own temp-file-and-rename
    /// (an app passes its durable-write helper, so every file it keeps is written one way).
    pub fn with_state_writer(mut self, write: Arc<StateWriteFn>) -> Self {
        self.state_writer = StateWriter(write);
        self
    }

    /// Sets the account id.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = account_id.into();
        self
    }

    /// Sets the pacing.
    pub fn with_pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = pacing;
        self
    }

    /// Serves the admin API (`/_emulator/…`) or not.
    pub fn with_admin_api(mut self, on: bool) -> Self {
        self.admin_api = on;
        self
    }

    /// Sets the application-profile quota per region (tests use a small one).
    pub fn with_profile_quota(mut self, quota: usize) -> Self {
        self.profile_quota = quota;
        self
    }

    /// Bills calls only once they are `delay` old (AWS's bill lags 24–48 hours).
    pub fn with_billing_delay(mut self, delay: Duration) -> Self {
        self.billing.delay = delay;
        self
    }

    /// Bills calls on `day` (`YYYY-MM-DD`) instead of the wall clock's date; checked at start.
    pub fn with_billing_today(mut self, day: impl Into<String>) -> Self {
        self.billing.today = Some(day.into());
        self
    }

    /// Makes signed requests come from `arn`, e.g.
    /// `arn:aws:sts::123456789012:assumed-role/BedrockUsers/alice` (checked at start).
    pub fn with_caller_arn(mut self, arn: impl Into<String>) -> Self {
        self.caller_arn = Some(arn.into());
        self
    }

    /// Adds a fault active from the start.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }
}

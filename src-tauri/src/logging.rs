//! Logging: `tracing` events go to stderr, to a daily-rotated file in the app's log folder
//! (seven kept), and to the webview, where the UI prints each line to the developer-tools console
//! prefixed by its area (`[inference-profile] …`).
//!
//! Level: `info` unless `STRATA_LOG` holds an `EnvFilter` directive (e.g. `STRATA_LOG=debug`).
//! Whatever it says, the AWS SDK and HTTP crates are capped at `debug` (core's `secret_safe_caps`):
//! at `trace` they write request and response bodies, signing input and the unredacted
//! `credential_process` command line.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use tauri::{Emitter, Runtime};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{InitError, RollingFileAppender, Rotation};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use strata_core::log_caps::secret_safe_caps;

use crate::events::{AppEvent, LogLevel, LogLine, APP_EVENT};

/// Quiet defaults for chatty dependencies; `STRATA_LOG` replaces the whole directive.
const DEFAULT_FILTER: &str = "info,hyper=warn,hyper_util=warn,h2=warn,rustls=warn,\
aws_smithy_runtime=warn,aws_config=warn,aws_sdk_bedrock=warn,aws_sdk_bedrockruntime=warn,\
tao=warn,wry=warn,tauri=warn";
/// Log files are named `strata.YYYY-MM-DD.log` (UTC date, as the appender names them).
const FILE_PREFIX: &str = "strata";
const FILE_SUFFIX: &str = "log";
const FILES_KEPT: usize = 7;
/// Lines kept for the console to replay when the webview (re)loads.
const RECENT_LINES: usize = 500;
/// Lines waiting for the forwarder before new ones are dropped (logging never blocks a caller).
const QUEUE_LINES: usize = 2048;
const FORWARDER_THREAD: &str = "strata-log-forwarder";

/// Why logging could not start.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoggingError {
    /// The log folder could not be created.
    #[error("cannot create the log folder {dir}: {source}")]
    Dir {
        /// The folder.
        dir: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The log file could not be opened.
    #[error("cannot open the log folder {dir}: {source}")]
    File {
        /// The folder.
        dir: PathBuf,
        /// The cause.
        source: InitError,
    },
    /// The forwarder thread could not be started.
    #[error("cannot start the log forwarder: {0}")]
    Thread(#[from] std::io::Error),
}

/// The app's log folder: `STRATA_LOG_DIR` when set, otherwise the same folder Tauri's
/// `app_log_dir` names (`~/.local/share/io.strata.desktop/logs` on Linux).
pub(crate) fn default_log_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("STRATA_LOG_DIR") {
        return PathBuf::from(dir);
    }
    let base = if cfg!(target_os = "macos") {
        dirs::home_dir().map(|h| h.join("Library").join("Logs"))
    } else {
        dirs::data_local_dir()
    };
    let base = base.unwrap_or_else(std::env::temp_dir);
    if cfg!(target_os = "macos") {
        base.join(crate::IDENTIFIER)
    } else {
        base.join(crate::IDENTIFIER).join("logs")
    }
}

/// The installed logging; keep it alive for the life of the process (dropping it flushes the file).
pub(crate) struct Logging {
    dir: PathBuf,
    hub: LogHub,
    _file_guard: WorkerGuard,
}

impl Logging {
    /// Installs the global subscriber writing to stderr, `dir` and the webview forwarder.
    pub(crate) fn init(dir: &Path) -> Result<Self, LoggingError> {
        let appender = open_appender(dir)?;
        let (file_writer, file_guard) = tracing_appender::non_blocking(appender);
        let hub = LogHub::new(RECENT_LINES);
        let forward = ConsoleForwardLayer::spawn(hub.clone())?;

        let (filter, bad_directive) = match std::env::var("STRATA_LOG") {
            Ok(directive) => match EnvFilter::try_new(&directive) {
                Ok(filter) => (filter, None),
                Err(e) => (EnvFilter::new(DEFAULT_FILTER), Some((directive, e))),
            },
            Err(_) => (EnvFilter::new(DEFAULT_FILTER), None),
        };
        // A second init (tests) keeps the first subscriber; that is fine.
        let _ = tracing_subscriber::registry()
            .with(filter)
            .with(secret_safe_caps())
            .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_writer(file_writer),
            )
            .with(forward)
            .try_init();
        if let Some((directive, e)) = bad_directive {
            tracing::warn!(target: "app", %directive, error = %e, "STRATA_LOG is not a valid filter; using the default");
        }
        Ok(Self {
            dir: dir.to_owned(),
            hub,
            _file_guard: file_guard,
        })
    }

    /// The folder holding the log files.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// A handle on the recent lines and the webview link.
    pub(crate) fn hub(&self) -> LogHub {
        self.hub.clone()
    }
}

/// The rotating file appender for `dir`, creating the folder first: the appender lists the
/// folder to prune old files as soon as it is built, and on a first start that listing printed
/// "Error reading the log directory/files: No such file or directory".
fn open_appender(dir: &Path) -> Result<RollingFileAppender, LoggingError> {
    std::fs::create_dir_all(dir).map_err(|source| LoggingError::Dir {
        dir: dir.to_owned(),
        source,
    })?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix(FILE_SUFFIX)
        .max_log_files(FILES_KEPT)
        .build(dir)
        .map_err(|source| LoggingError::File {
            dir: dir.to_owned(),
            source,
        })
}

/// Today's log file in `dir` (the appender dates files in UTC).
pub(crate) fn current_file_in(dir: &Path) -> PathBuf {
    let today = time::OffsetDateTime::now_utc().date();
    dir.join(format!("{FILE_PREFIX}.{today}.{FILE_SUFFIX}"))
}

type Sink = Box<dyn Fn(&LogLine) + Send + Sync>;

/// Keeps the most recent lines and hands each new one to the webview once it is attached.
#[derive(Clone)]
pub struct LogHub {
    inner: Arc<HubInner>,
}

struct HubInner {
    capacity: usize,
    next_seq: AtomicU64,
    recent: Mutex<VecDeque<LogLine>>,
    sink: Mutex<Option<Sink>>,
}

impl LogHub {
    /// A hub that remembers the last `capacity` lines.
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Arc::new(HubInner {
                capacity,
                next_seq: AtomicU64::new(1),
                recent: Mutex::new(VecDeque::with_capacity(capacity)),
                sink: Mutex::new(None),
            }),
        }
    }

    /// Numbers a line, remembers it and forwards it.
    pub fn publish(&self, mut line: LogLine) {
        line.seq = self.inner.next_seq.fetch_add(1, Ordering::Relaxed);
        {
            let mut recent = self
                .inner
                .recent
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if recent.len() == self.inner.capacity {
                recent.pop_front();
            }
            recent.push_back(line.clone());
        }
        let sink = self
            .inner
            .sink
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(sink) = sink.as_ref() {
            sink(&line);
        }
    }

    /// The remembered lines, oldest first.
    pub fn recent(&self) -> Vec<LogLine> {
        self.inner
            .recent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    /// From now on, broadcasts every new line to the app's webviews as `AppEvent::Log`.
    pub fn forward_to<R: Runtime>(&self, app: tauri::AppHandle<R>) {
        let sink: Sink = Box::new(move |line| {
            // A webview that is gone or not loaded yet misses the live line; it replays `recent`.
            let _ = app.emit(APP_EVENT, AppEvent::Log { line: line.clone() });
        });
        *self
            .inner
            .sink
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(sink);
    }
}

/// A `tracing` layer that turns events into `LogLine`s and queues them for the hub.
/// The hub runs on its own thread so that emitting to the webview can never re-enter logging.
pub(crate) struct ConsoleForwardLayer {
    queue: SyncSender<LogLine>,
}

impl ConsoleForwardLayer {
    /// Starts the forwarder thread feeding `hub`.
    pub(crate) fn spawn(hub: LogHub) -> std::io::Result<Self> {
        let (queue, lines) = sync_channel(QUEUE_LINES);
        std::thread::Builder::new()
            .name(FORWARDER_THREAD.into())
            .spawn(move || forward(lines, hub))?;
        Ok(Self { queue })
    }
}

fn forward(lines: Receiver<LogLine>, hub: LogHub) {
    for line in lines {
        hub.publish(line);
    }
}

impl<S: Subscriber> Layer<S> for ConsoleForwardLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        // Whatever the forwarder itself causes to be logged (e.g. by emitting) stays out of the console.
        if std::thread::current().name() == Some(FORWARDER_THREAD) {
            return;
        }
        let meta = event.metadata();
        let mut fields = FieldCollector::default();
        event.record(&mut fields);
        let line = LogLine {
            seq: 0,
            time_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
                .unwrap_or(0),
            level: match *meta.level() {
                Level::ERROR => LogLevel::Error,
                Level::WARN => LogLevel::Warn,
                Level::INFO => LogLevel::Info,
                Level::DEBUG => LogLevel::Debug,
                Level::TRACE => LogLevel::Trace,
            },
            area: strata_core::log_area(meta.target()),
            message: fields.message,
            fields: fields.fields,
        };
        match self.queue.try_send(line) {
            Ok(()) | Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {}
        }
    }
}

#[derive(Default)]
struct FieldCollector {
    message: String,
    fields: Vec<(String, String)>,
}

impl Visit for FieldCollector {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_owned();
        } else {
            self.fields
                .push((field.name().to_owned(), value.to_owned()));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.message = format!("{value:?}");
        } else {
            self.fields
                .push((field.name().to_owned(), format!("{value:?}")));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::time::{Duration, Instant};

    use tracing_subscriber::layer::SubscriberExt;

    use super::*;

    fn wait_for(hub: &LogHub, count: usize) -> Vec<LogLine> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let lines = hub.recent();
            if lines.len() >= count || Instant::now() > deadline {
                return lines;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn events_become_numbered_lines_with_area_fields_and_level() {
        let hub = LogHub::new(10);
        let layer = ConsoleForwardLayer::spawn(hub.clone()).unwrap();
        let subscriber = tracing_subscriber::registry().with(layer);
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(target: "inference_profile", region = "ap-northeast-1", count = 5, "loaded profiles");
            tracing::warn!(target: "strata_core::catalog", "cache is stale");
        });
        let lines = wait_for(&hub, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].seq + 1, lines[1].seq);
        assert_eq!(lines[0].area, "inference-profile");
        assert_eq!(lines[0].level, LogLevel::Info);
        assert_eq!(lines[0].message, "loaded profiles");
        assert_eq!(
            lines[0].fields,
            vec![
                ("region".to_owned(), "ap-northeast-1".to_owned()),
                ("count".to_owned(), "5".to_owned())
            ]
        );
        assert_eq!(lines[1].area, "catalog");
        assert_eq!(lines[1].level, LogLevel::Warn);
    }

    #[test]
    fn the_hub_keeps_only_the_newest_lines() {
        let hub = LogHub::new(3);
        for i in 0..5 {
            hub.publish(LogLine {
                seq: 0,
                time_ms: 0,
                level: LogLevel::Info,
                area: "app".into(),
                message: format!("line {i}"),
                fields: vec![],
            });
        }
        let messages: Vec<_> = hub.recent().into_iter().map(|l| l.message).collect();
        assert_eq!(messages, ["line 2", "line 3", "line 4"]);
    }

    /// Set in the child process of `a_first_start_prints_no_log_folder_error`.
    const CHILD_DIR: &str = "STRATA_TEST_FRESH_LOG_DIR";

    #[test]
    fn open_the_appender_in_a_fresh_folder_as_a_child() {
        // Does its work only when re-run by the test below, which reads its stderr.
        if let Some(dir) = std::env::var_os(CHILD_DIR) {
            let appender = open_appender(Path::new(&dir)).unwrap();
            drop(appender);
        }
    }

    #[test]
    fn a_first_start_prints_no_log_folder_error() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("io.strata.desktop").join("logs");
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "logging::tests::open_the_appender_in_a_fresh_folder_as_a_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, &dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("1 passed"),
            "the child ran the test"
        );
        assert!(
            !stderr.contains("Error reading the log directory"),
            "{stderr}"
        );
        assert!(dir.is_dir());
    }

    fn captured_at_trace(targets: &[(&'static str, Level)]) -> Vec<String> {
        let hub = LogHub::new(100);
        let layer = ConsoleForwardLayer::spawn(hub.clone()).unwrap();
        let subscriber = tracing_subscriber::registry()
            .with(EnvFilter::new("trace"))
            .with(secret_safe_caps())
            .with(layer);
        tracing::subscriber::with_default(subscriber, || {
            for (target, level) in targets {
                // `tracing` macros need a static target; dispatch by level over a few fixed ones.
                emit(target, *level);
            }
            tracing::info!(target: "app", "end");
        });
        let lines = wait_for(&hub, targets.len() + 1);
        assert!(lines.iter().any(|l| l.message == "end"));
        lines
            .into_iter()
            .filter(|l| l.message != "end")
            .map(|l| l.message)
            .collect()
    }

    fn emit(target: &str, level: Level) {
        macro_rules! at {
            ($t:literal) => {
                match level {
                    Level::TRACE => tracing::trace!(target: $t, "{} trace", $t),
                    Level::DEBUG => tracing::debug!(target: $t, "{} debug", $t),
                    _ => tracing::info!(target: $t, "{} info", $t),
                }
            };
        }
        match target {
            "aws_smithy_runtime::client::orchestrator" => {
                at!("aws_smithy_runtime::client::orchestrator")
            }
            "aws_config::credential_process" => at!("aws_config::credential_process"),
            "aws_sigv4::http_request::sign" => at!("aws_sigv4::http_request::sign"),
            "hyper_util::client" => at!("hyper_util::client"),
            "h2::codec" => at!("h2::codec"),
            "rustls::client" => at!("rustls::client"),
            "strata_core::catalog" => at!("strata_core::catalog"),
            other => panic!("no fixed target {other}"),
        }
    }

    #[test]
    fn trace_never_reaches_the_aws_and_http_crates() {
        let capped = [
            "aws_smithy_runtime::client::orchestrator",
            "aws_config::credential_process",
            "aws_sigv4::http_request::sign",
            "hyper_util::client",
            "h2::codec",
            "rustls::client",
        ];
        let mut events: Vec<(&'static str, Level)> = Vec::new();
        for t in capped {
            events.push((t, Level::TRACE));
            events.push((t, Level::DEBUG));
        }
        events.push(("strata_core::catalog", Level::TRACE));
        let seen = captured_at_trace(&events);
        for t in capped {
            assert!(
                !seen.contains(&format!("{t} trace")),
                "{t} logged at trace: {seen:?}"
            );
            assert!(
                seen.contains(&format!("{t} debug")),
                "{t} debug was dropped: {seen:?}"
            );
        }
        assert!(
            seen.contains(&"strata_core::catalog trace".to_owned()),
            "{seen:?}"
        );
    }

    #[test]
    fn today_file_is_named_like_the_appender_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let appender = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(FILE_PREFIX)
            .filename_suffix(FILE_SUFFIX)
            .build(dir.path())
            .unwrap();
        let (writer, guard) = tracing_appender::non_blocking(appender);
        let subscriber = tracing_subscriber::registry()
            .with(tracing_subscriber::fmt::layer().with_writer(writer));
        tracing::subscriber::with_default(subscriber, || tracing::info!("written to the file"));
        drop(guard);
        let text = std::fs::read_to_string(current_file_in(dir.path())).unwrap();
        assert!(text.contains("written to the file"), "{text}");
    }
}

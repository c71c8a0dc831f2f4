//! The chats in flight: [`ChatService::start`], the one orchestration of a turn that the window
//! and `strata chat` share (find the entry, connect, fetch its tags, run, record), and the
//! registry of running turns by request id, so that Stop reaches a turn from its first moment and
//! quitting can wait until each has recorded its partial answer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, RwLock};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::turn::{run_prepared, run_turn};
use super::{
    ensure_tags, ChatEvent, ChatFeatures, ChatRequest, TurnEnd, TurnOptions, TurnReport, TurnUsage,
    LOG_TARGET,
};
use crate::catalog::ModelEntry;
use crate::error::{Error, ErrorKind, Result};
use crate::ledger::{TurnOutcome, UsageLedger};
use crate::pricing::PriceTable;
use crate::service::CatalogService;
use crate::session::Session;

/// The hint of the "not in the model list" error, unless the caller gives its own.
const MISSING_ENTRY_HINT: &str = "Refresh the model list, or pick the model again (profiles are listed only with Enable Inference Profiles on).";

/// Chats in flight, the price table and the ledger: what the app and `strata chat` share.
pub struct ChatService {
    shared: Arc<Shared>,
}

/// What the running turns' tasks share with the service.
struct Shared {
    /// Replaced whole by [`ChatService::set_prices`]; each turn prices with the table it
    /// started with.
    prices: RwLock<Arc<PriceTable>>,
    ledger: UsageLedger,
    running: Mutex<HashMap<String, CancellationToken>>,
}

impl Shared {
    fn running(&self) -> MutexGuard<'_, HashMap<String, CancellationToken>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn prices(&self) -> Arc<PriceTable> {
        Arc::clone(&*self.prices.read().unwrap_or_else(PoisonError::into_inner))
    }
}

/// A turn in the registry: forgotten when this is dropped, which is after the turn recorded its
/// end (or when its task is gone, so that a panic never leaves a turn "running" for ever).
struct Registered {
    shared: Arc<Shared>,
    request_id: String,
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.shared.running().remove(&self.request_id);
    }
}

/// How [`ChatService::start`] finds the turn's entry, beyond the request.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Load the catalog from Bedrock before looking the entry up, for a caller with no list yet
    /// (`strata chat`); a failed load fails the turn with its error. The window's list is loaded
    /// already, so it looks the entry up in it.
    pub refresh_catalog: bool,
    /// What to tell the user when the entry is not in the list (`None`: refresh the model list
    /// or pick the model again).
    pub missing_entry_hint: Option<String>,
    /// How the turn behaves (the idle timeout).
    pub turn: TurnOptions,
}

/// A turn started by [`ChatService::start`], running in the background. Dropping it does not
/// stop the turn: it still ends and is recorded.
#[derive(Debug)]
pub struct RunningTurn {
    request_id: String,
    cancel: CancellationToken,
    task: tokio::task::JoinHandle<TurnEnd>,
}

impl RunningTurn {
    /// The id that [`ChatService::cancel`] takes.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// A token that stops the turn when cancelled (for a Ctrl-C handler, say); the partial
    /// answer is kept and recorded as interrupted.
    pub fn canceller(&self) -> CancellationToken {
        self.cancel.clone()
    }

    /// Stops the turn (see [`RunningTurn::canceller`]).
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Waits until the turn is over and recorded; how it ended.
    pub async fn finished(self) -> TurnEnd {
        match self.task.await {
            Ok(end) => end,
            Err(e) => {
                tracing::error!(target: LOG_TARGET, error = %e, "a chat turn's task stopped before the turn ended");
                TurnEnd {
                    outcome: TurnOutcome::Failed,
                    usage: TurnUsage::no_call(0),
                    error: Some(Error::internal(format!(
                        "The chat turn stopped before it ended: {e}"
                    ))),
                    entry: None,
                    report: None,
                }
            }
        }
    }
}

impl ChatService {
    /// A service pricing with `prices` and recording in `ledger` (and, for turns that name a
    /// conversation, in that conversation of the ledger's database).
    pub fn new(prices: PriceTable, ledger: UsageLedger) -> Self {
        Self {
            shared: Arc::new(Shared {
                prices: RwLock::new(Arc::new(prices)),
                ledger,
                running: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The ledger.
    pub fn ledger(&self) -> &UsageLedger {
        &self.shared.ledger
    }

    /// The price table in effect.
    pub fn prices(&self) -> Arc<PriceTable> {
        self.shared.prices()
    }

    /// Prices the turns started from now on with `prices` (after a Price List refresh, say).
    /// Turns already running keep the table they started with, so each turn is priced by one
    /// table from start to end.
    pub fn set_prices(&self, prices: PriceTable) {
        *self
            .shared
            .prices
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(prices);
    }

    /// Loads the prices of the data folder `dir` again ([`PriceTable::load_dir`]) and uses them
    /// from now on; returns what is wrong with the user's file or the Price List cache, if
    /// anything (that part is then not used).
    pub fn reload_prices(&self, dir: &std::path::Path) -> Option<Error> {
        let load = PriceTable::load_dir(dir);
        self.set_prices(load.table);
        load.problem.or(load.price_list_problem)
    }

    /// How many turns are running.
    pub fn running_count(&self) -> usize {
        self.shared.running().len()
    }

    /// Cancels every running turn (the app is quitting) and waits, at most `timeout`, until each
    /// has recorded its partial turn in the ledger and its conversation. True when all did.
    pub async fn shutdown(&self, timeout: Duration) -> bool {
        let cancelled: Vec<CancellationToken> = self.shared.running().values().cloned().collect();
        if cancelled.is_empty() {
            return true;
        }
        tracing::info!(target: LOG_TARGET, count = cancelled.len(), "stopping the running chat turns before quitting");
        for token in &cancelled {
            token.cancel();
        }
        let deadline = tokio::time::Instant::now() + timeout;
        while self.running_count() > 0 {
            if tokio::time::Instant::now() >= deadline {
                tracing::warn!(target: LOG_TARGET, left = self.running_count(), "chat turns still running at quit; their answers may not be saved");
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        true
    }

    /// Registers a new turn; returns its request id and the token that cancels it.
    pub fn begin(&self) -> (String, CancellationToken) {
        let id = uuid::Uuid::new_v4().to_string();
        let token = CancellationToken::new();
        self.shared.running().insert(id.clone(), token.clone());
        (id, token)
    }

    /// Cancels a running turn; false when it is not running (finished already, or unknown).
    pub fn cancel(&self, request_id: &str) -> bool {
        match self.shared.running().get(request_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Runs the turn registered as `request_id` through an entry already found, on a session
    /// already made, and forgets it when done ([`ChatService::start`] does all of it).
    pub async fn run(
        &self,
        session: &Session,
        entry: &ModelEntry,
        request: &ChatRequest,
        request_id: &str,
        cancel: CancellationToken,
        emit: impl FnMut(ChatEvent),
    ) -> Result<TurnReport> {
        let _registered = Registered {
            shared: Arc::clone(&self.shared),
            request_id: request_id.to_owned(),
        };
        let shared = &self.shared;
        let prices = shared.prices();
        run_turn(
            session,
            &prices,
            &shared.ledger,
            entry,
            request,
            TurnOptions::default(),
            cancel,
            emit,
        )
        .await
    }

    /// What a chat through `entry_id` (id, ARN or name, as in the loaded list) can do, and the
    /// price its turns are estimated with, for the window's chat options. Kind `NotFound` when
    /// the entry is not in the list.
    pub async fn features(&self, catalog: &CatalogService, entry_id: &str) -> Result<ChatFeatures> {
        let session = catalog.session().await?;
        let region = session.target.region.clone();
        let entry = catalog
            .entry(entry_id)
            .await
            .ok_or_else(|| not_listed(entry_id, &region, None))?;
        Ok(ChatFeatures {
            entry_id: entry.id.clone(),
            features: super::features_for(&entry, &region),
            price: self.prices().quote_for(&entry, &region),
        })
    }

    /// Starts a turn: checks `request` first (an invalid one is refused here, with nothing
    /// started, so the caller keeps the user's draft), registers it at once (so
    /// [`ChatService::cancel`] works from this moment), and runs the rest in the background on
    /// the current Tokio runtime: (with [`StartOptions::refresh_catalog`]) loading the catalog,
    /// connecting, finding the entry by id, ARN or name (kind `NotFound` when it is not listed),
    /// fetching an application profile's tags, checking the request against the features of the
    /// entry's model ([`ChatRequest::validate_for`]: a refusal is `failed` + `finished`, with
    /// nothing sent or recorded), the call, and the record. `on_event` hears the
    /// turn's events in order (see [`ChatEvent`]). A turn cancelled before its request was sent,
    /// or one that could not connect or find its entry, records nothing. A failure of the
    /// connection's credentials makes `catalog` connect afresh next time.
    pub fn start(
        &self,
        catalog: Arc<CatalogService>,
        request: ChatRequest,
        options: StartOptions,
        on_event: impl FnMut(ChatEvent) + Send + 'static,
    ) -> Result<RunningTurn> {
        request.validate()?;
        let (request_id, cancel) = self.begin();
        let registered = Registered {
            shared: Arc::clone(&self.shared),
            request_id: request_id.clone(),
        };
        let token = cancel.clone();
        let task = tokio::spawn(async move {
            let end = drive(
                &registered.shared,
                &catalog,
                &request,
                options,
                token,
                on_event,
            )
            .await;
            drop(registered);
            end
        });
        Ok(RunningTurn {
            request_id,
            cancel,
            task,
        })
    }
}

/// The background part of [`ChatService::start`].
async fn drive(
    shared: &Shared,
    catalog: &CatalogService,
    request: &ChatRequest,
    options: StartOptions,
    cancel: CancellationToken,
    on_event: impl FnMut(ChatEvent),
) -> TurnEnd {
    // The connection the turn used, so that failed credentials can drop it (below).
    let used = OnceLock::new();
    let prepare = async {
        if options.refresh_catalog {
            if let Some(error) = catalog.refresh().await.error {
                return Err(error);
            }
        }
        let session = catalog.session().await?;
        let _ = used.set(Arc::clone(&session));
        let mut entry = catalog.entry(&request.entry_id).await.ok_or_else(|| {
            not_listed(
                &request.entry_id,
                &session.target.region,
                options.missing_entry_hint.as_deref(),
            )
        })?;
        ensure_tags(&session, &mut entry).await;
        Ok((session, entry))
    };
    let prices = shared.prices();
    let ended = run_prepared(
        &prices,
        &shared.ledger,
        request,
        options.turn,
        cancel,
        prepare,
        on_event,
    )
    .await;
    let end = match ended {
        Ok(end) => end,
        // `start` checked the request already; this is only a guard.
        Err(error) => TurnEnd {
            outcome: TurnOutcome::Failed,
            usage: TurnUsage::no_call(0),
            error: Some(error),
            entry: None,
            report: None,
        },
    };
    // Failed credentials drop the cached connection, so the retry resolves them afresh.
    if let (Some(error), Some(session)) = (&end.error, used.get()) {
        catalog.report_failure(session, error).await;
    }
    end
}

/// The error of an entry that is not in the model list of `region`.
fn not_listed(entry_id: &str, region: &str, hint: Option<&str>) -> Error {
    Error::new(
        ErrorKind::NotFound,
        format!("{entry_id} is not a model or profile in {region}."),
    )
    .with_hint(hint.unwrap_or(MISSING_ENTRY_HINT))
}

//! The HTTP server: one axum fallback handler routes every request by method and raw path.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::catalog::Catalog;
use crate::config::{Billing, EmulatorConfig, Pacing, Seed};
use crate::costs::CostRecord;
use crate::error::{AwsError, StartError};
use crate::faults::{Fault, FaultError, FaultState};
use crate::route::Route;
use crate::runtime::Resolved;
use crate::store::Store;
use crate::{admin, auth, budgets, ce, cloudwatch, control, iam, pricing, runtime, sts};

/// Largest request body accepted (Bedrock's own limit for runtime payloads is 20 MB).
const MAX_BODY: usize = 25 * 1024 * 1024;
/// How many requests the log keeps (oldest dropped first).
const REQUEST_LOG_CAPACITY: usize = 10_000;

/// One AWS request as the emulator saw it, for tests (`GET /_emulator/requests`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    /// Order of arrival, from 1.
    pub seq: u64,
    /// The AWS operation name (`ConverseStream`), or `Unknown`.
    pub operation: String,
    /// The region of the SigV4 scope (empty when authentication failed).
    pub region: String,
    /// Runtime operations: the `modelId` path parameter, decoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    /// Runtime operations: the foundation model the `modelId` resolved to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_model_id: Option<String>,
    /// Runtime operations through a profile: that profile's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference_profile_arn: Option<String>,
    /// Control-plane operations with an identifier in the path: that identifier, decoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The HTTP status sent.
    pub status: u16,
    /// The AWS error code sent, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub(crate) struct RequestLog {
    next: AtomicU64,
    entries: Mutex<VecDeque<RecordedRequest>>,
}

impl RequestLog {
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<RecordedRequest>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn push(&self, mut request: RecordedRequest) {
        request.seq = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut entries = self.lock();
        if entries.len() == REQUEST_LOG_CAPACITY {
            entries.pop_front();
        }
        entries.push_back(request);
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }
}

/// State shared by every request.
pub(crate) struct Shared {
    /// The bound address: the admin API accepts only requests addressed to it.
    pub(crate) addr: SocketAddr,
    /// Whether `/_emulator/…` is served (off when embedded in an app).
    pub(crate) admin_api: bool,
    pub(crate) account: String,
    pub(crate) seed: Seed,
    pub(crate) catalog: Catalog,
    pub(crate) store: Store,
    pub(crate) faults: FaultState,
    pub(crate) requests: RequestLog,
    pub(crate) features: crate::runtime::FeatureState, // the prompt cache, the signing secret
    pacing: RwLock<Pacing>,
    billing: RwLock<Billing>,
    caller: RwLock<sts::Principal>,
}

impl Shared {
    pub(crate) fn pacing(&self) -> Pacing {
        *self
            .pacing
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn set_pacing(&self, pacing: Pacing) {
        *self
            .pacing
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = pacing;
    }

    /// Who signed requests come from (GetCallerIdentity, AccessDenied).
    pub(crate) fn caller(&self) -> sts::Principal {
        self.caller
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Sets the caller (checked by the caller of this).
    pub(crate) fn set_caller(&self, caller: sts::Principal) {
        *self
            .caller
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = caller;
    }

    pub(crate) fn billing(&self) -> Billing {
        self.billing
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Sets billing's delay and "today" (checked by the caller).
    pub(crate) fn set_billing(&self, billing: Billing) {
        *self
            .billing
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = billing;
    }

    /// The day a call made now is billed on: billing's set "today", else the wall clock's.
    pub(crate) fn billing_today(&self) -> String {
        self.billing().today.unwrap_or_else(crate::clock::today)
    }

    /// Back to the seed: profiles, faults, the request log and the prompt cache.
    pub(crate) async fn reset(&self) -> Result<(), AwsError> {
        self.faults.clear();
        self.requests.clear();
        self.features.clear();
        let generation = self.store.reset(self.seed);
        self.store.persist(generation).await
    }
}

fn error_code(response: &Response) -> Option<String> {
    let value = response.headers().get("x-amzn-errortype")?.to_str().ok()?;
    Some(value.split(':').next().unwrap_or(value).to_owned())
}

/// The id of one request, given to the handlers that put it in their body (awsQuery XML).
#[derive(Clone)]
struct RequestId(String);

/// A request body: still arriving, or already read to route `POST /`.
enum Payload {
    Pending(Body),
    Read(Bytes),
}

fn unknown_route(shared: &Shared, method: &Method, path: &str, e: AwsError) -> Response {
    let response = e.into_response();
    shared.requests.push(RecordedRequest {
        seq: 0,
        operation: "Unknown".into(),
        region: String::new(),
        model_id: None,
        resolved_model_id: None,
        inference_profile_arn: None,
        resource: Some(format!("{method} {path}")),
        status: response.status().as_u16(),
        error: error_code(&response),
    });
    response
}

async fn handle_aws(shared: &Shared, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let request_id = parts
        .extensions
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let path = parts.uri.path();
    let (route, payload) = if parts.method == Method::POST && path == "/" {
        // The services on the root path are told apart by their body or headers, so read it first.
        let body = match axum::body::to_bytes(body, MAX_BODY).await {
            Ok(body) => body,
            Err(e) => {
                return AwsError::validation(format!("The request body could not be read: {e}"))
                    .into_response()
            }
        };
        match Route::parse_root(&parts.headers, &body) {
            Ok(route) => (route, Payload::Read(body)),
            Err(e) => return unknown_route(shared, &parts.method, path, e),
        }
    } else {
        match Route::parse(&parts.method, path) {
            Ok(route) => (route, Payload::Pending(body)),
            Err(e) => return unknown_route(shared, &parts.method, path, e),
        }
    };
    let error_response = |e: AwsError| {
        if matches!(route, Route::SimulatePrincipalPolicy) {
            iam::error_response(&e, &request_id)
        } else if route.is_query_protocol() {
            sts::error_response(&e, &request_id)
        } else if matches!(
            route,
            Route::GetProducts
                | Route::Budget(_)
                | Route::ListCostAllocationTags
                | Route::UpdateCostAllocationTagsStatus
                | Route::GetCostAndUsage
        ) {
            crate::wire::json_1_1_error(&e)
        } else if let Route::Alarm(_, wire) = &route {
            cloudwatch::error_response(&e, *wire)
        } else {
            e.into_response()
        }
    };
    match auth::scope(&parts.headers, route.signing_service()) {
        Err(e) => {
            let response = error_response(e);
            record(shared, &route, "", &response);
            response
        }
        Ok(scope) => {
            let now = crate::clock::skewed_now(shared.faults.clock_skew());
            if let Err(e) = auth::check_signing_time(&parts.headers, now, route.is_query_protocol())
            {
                let response = error_response(e);
                record(shared, &route, &scope.region, &response);
                return response;
            }
            let region = scope.region;
            let response = match handle_operation(
                shared,
                &route,
                &region,
                parts.uri.query(),
                payload,
                &request_id,
                started,
            )
            .await
            {
                Ok(response) => response,
                Err(e) => error_response(e),
            };
            record(shared, &route, &region, &response);
            response
        }
    }
}

async fn handle_operation(
    shared: &Shared,
    route: &Route,
    region: &str,
    query: Option<&str>,
    payload: Payload,
    request_id: &str,
    started: Instant,
) -> Result<Response, AwsError> {
    let injection = shared.faults.on_request(
        route.operation(),
        route.action(),
        || route.denied_resource(region, &shared.account),
        &shared.caller().arn,
    );
    if !injection.latency.is_zero() {
        tokio::time::sleep(injection.latency).await;
    }
    if let Some(error) = injection.error {
        return Err(error);
    }
    let body = match payload {
        Payload::Read(body) => body,
        Payload::Pending(body) => axum::body::to_bytes(body, MAX_BODY).await.map_err(|e| {
            AwsError::validation(format!("The request body could not be read: {e}"))
        })?,
    };
    match route {
        Route::ListFoundationModels => control::list_foundation_models(shared, region, query),
        Route::GetFoundationModel(id) => control::get_foundation_model(shared, region, id),
        Route::ListInferenceProfiles => control::list_inference_profiles(shared, region, query),
        Route::CreateInferenceProfile => {
            control::create_inference_profile(shared, region, &body).await
        }
        Route::GetInferenceProfile(id) => control::get_inference_profile(shared, region, id),
        Route::DeleteInferenceProfile(id) => {
            control::delete_inference_profile(shared, region, id).await
        }
        Route::TagResource => control::tag_resource(shared, region, &body).await,
        Route::UntagResource => control::untag_resource(shared, region, &body).await,
        Route::ListTagsForResource => control::list_tags_for_resource(shared, region, &body),
        Route::Converse(id) => runtime::converse(shared, region, id, &body, false, started).await,
        Route::ConverseStream(id) => {
            runtime::converse(shared, region, id, &body, true, started).await
        }
        Route::InvokeModel(id) => runtime::invoke(shared, region, id, &body, false, started).await,
        Route::InvokeModelWithResponseStream(id) => {
            runtime::invoke(shared, region, id, &body, true, started).await
        }
        Route::GetCallerIdentity => Ok(sts::get_caller_identity(shared, request_id)),
        Route::SimulatePrincipalPolicy => iam::simulate_principal_policy(shared, &body, request_id),
        Route::ListCostAllocationTags => ce::list_cost_allocation_tags(shared, &body),
        Route::GetCostAndUsage => ce::get_cost_and_usage(shared, &body),
        Route::UpdateCostAllocationTagsStatus => {
            ce::update_cost_allocation_tags_status(shared, &body).await
        }
        Route::GetProducts => pricing::get_products(shared, &body),
        Route::Budget(op) => budgets::handle(shared, *op, &body).await,
        Route::Alarm(op, wire) => cloudwatch::handle(shared, region, *op, *wire, &body).await,
    }
}

fn record(shared: &Shared, route: &Route, region: &str, response: &Response) {
    let resolved = response.extensions().get::<Resolved>();
    shared.requests.push(RecordedRequest {
        seq: 0,
        operation: route.operation().to_owned(),
        region: region.to_owned(),
        model_id: route.model_id().map(str::to_owned),
        resolved_model_id: resolved.map(|r| r.spec.id.to_owned()),
        inference_profile_arn: resolved.and_then(|r| r.profile_arn.clone()),
        resource: route.resource().map(str::to_owned),
        status: response.status().as_u16(),
        error: error_code(response),
    });
}

async fn dispatch(State(shared): State<Arc<Shared>>, mut request: Request) -> Response {
    let request_id = uuid::Uuid::new_v4();
    request
        .extensions_mut()
        .insert(RequestId(request_id.to_string()));
    let mut response = if shared.admin_api && request.uri().path().starts_with("/_emulator") {
        admin::handle(&shared, request).await
    } else {
        let mut response = handle_aws(&shared, request).await;
        // Every AWS answer, errors included, carries the emulator's (possibly skewed) clock, which
        // SDKs read to correct their signatures (hyper would otherwise add the real time).
        let now = crate::clock::skewed_now(shared.faults.clock_skew());
        if let Ok(value) = HeaderValue::from_str(&crate::clock::http_date(now)) {
            response.headers_mut().insert("date", value);
        }
        response
    };
    if let Ok(value) = HeaderValue::from_str(&request_id.to_string()) {
        response.headers_mut().insert("x-amzn-requestid", value);
    }
    response
}

/// The emulator. Start one with [`Emulator::start`].
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// Binds the listen address, loads the state file (or the seed) and serves in the background
    /// on the current tokio runtime until [`EmulatorHandle::shutdown`] (or drop of the handle).
    pub async fn start(config: EmulatorConfig) -> Result<EmulatorHandle, StartError> {
        if config.account_id.len() != 12 || !config.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StartError::Config(format!(
                "account id {:?} is not 12 digits",
                config.account_id
            )));
        }
        for fault in &config.faults {
            fault
                .validate()
                .map_err(|e| StartError::Config(e.to_string()))?;
        }
        config.billing.validate().map_err(StartError::Config)?;
        let caller = match &config.caller_arn {
            Some(arn) => {
                sts::Principal::parse(arn, &config.account_id).map_err(StartError::Config)?
            }
            None => sts::Principal::default_for(&config.account_id),
        };
        let store = Store::open(
            config.seed,
            &config.account_id,
            config.state_file.as_deref(),
            config.state_writer.clone(),
            config.profile_quota,
        )?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.listen,
            source,
        })?;
        let shared = Arc::new(Shared {
            addr,
            admin_api: config.admin_api,
            catalog: Catalog::build(&config.account_id),
            account: config.account_id.clone(),
            seed: config.seed,
            store,
            faults: FaultState::new(config.faults.clone()),
            requests: RequestLog {
                next: AtomicU64::new(0),
                entries: Mutex::new(VecDeque::new()),
            },
            features: crate::runtime::FeatureState::default(),
            pacing: RwLock::new(config.pacing),
            billing: RwLock::new(config.billing.clone()),
            caller: RwLock::new(caller),
        });
        let app = Router::new()
            .fallback(dispatch)
            .with_state(Arc::clone(&shared));
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = rx.await;
            });
            if let Err(e) = server.await {
                tracing::error!(target: "bedrock_emulator", error = %e, "server stopped with an error");
            }
        });
        tracing::info!(target: "bedrock_emulator", %addr, account = %config.account_id, seed = ?config.seed, "emulator listening");
        Ok(EmulatorHandle {
            addr,
            shared,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops the server (without waiting).
#[derive(Debug)]
pub struct EmulatorHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`: the endpoint URL for the SDK, CLI (`--endpoint-url`) and boto3.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, lets in-flight requests finish (at most 5 s), then returns.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }

    /// Adds a fault (see [`Fault`]).
    pub fn add_fault(&self, fault: Fault) -> Result<(), FaultError> {
        fault.validate()?;
        self.shared.faults.add(fault);
        Ok(())
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// The faults still active (counted ones disappear when used up).
    pub fn faults(&self) -> Vec<Fault> {
        self.shared.faults.list()
    }

    /// The AWS requests seen so far (the last 10,000), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests.snapshot()
    }

    /// The runtime calls billed so far (kept in the state file), oldest first.
    pub fn cost_records(&self) -> Vec<CostRecord> {
        self.shared.store.cost_records()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared.requests.clear();
    }

    /// The current pacing.
    pub fn pacing(&self) -> Pacing {
        self.shared.pacing()
    }

    /// Changes the pacing of answers from now on.
    pub fn set_pacing(&self, pacing: Pacing) {
        self.shared.set_pacing(pacing);
    }

    /// The ARN signed requests are taken to come from (GetCallerIdentity, AccessDenied).
    pub fn caller_arn(&self) -> String {
        self.shared.caller().arn
    }

    /// Makes signed requests come from `arn` from now on (an IAM user, an STS assumed role or a
    /// federated user of the emulator's account; refused otherwise, saying what is expected);
    /// `None` is the default IAM user `emulator-user`.
    pub fn set_caller_arn(&self, arn: Option<&str>) -> Result<(), String> {
        let caller = match arn {
            Some(arn) => sts::Principal::parse(arn, &self.shared.account)?,
            None => sts::Principal::default_for(&self.shared.account),
        };
        self.shared.set_caller(caller);
        Ok(())
    }

    /// Billing's current delay and "today".
    pub fn billing(&self) -> Billing {
        self.shared.billing()
    }

    /// Changes billing's delay and "today" from now on; refused when `today` is not a date.
    pub fn set_billing(&self, billing: Billing) -> Result<(), String> {
        billing.validate()?;
        self.shared.set_billing(billing);
        Ok(())
    }

    /// Back to the seed: application profiles, tags, tokens, faults, the request log and the prompt cache
    /// (written to the state file when there is one).
    pub async fn reset(&self) -> Result<(), AwsError> {
        self.shared.reset().await
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

// The app embeds the handle in its own runtime state: it must stay Send + Sync.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<EmulatorHandle>();
};

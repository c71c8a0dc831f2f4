//! The HTTP server: one axum fallback handler routes every request by method and raw path.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::catalog::Catalog;
use crate::config::{EmulatorConfig, Pacing, Seed};
use crate::error::{AwsError, ErrorKind, StartError};
use crate::faults::{Fault, FaultError, FaultState};
use crate::runtime::Resolved;
use crate::store::Store;
use crate::wire::path_segments;
use crate::{admin, auth, control, runtime};

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
    pacing: RwLock<Pacing>,
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

    /// Back to the seed: profiles, faults and the request log.
    pub(crate) async fn reset(&self) -> Result<(), AwsError> {
        self.faults.clear();
        self.requests.clear();
        let generation = self.store.reset(self.seed);
        self.store.persist(generation).await
    }
}

/// An operation and its path parameter.
#[derive(Debug)]
enum Route {
    ListFoundationModels,
    GetFoundationModel(String),
    ListInferenceProfiles,
    CreateInferenceProfile,
    GetInferenceProfile(String),
    DeleteInferenceProfile(String),
    TagResource,
    UntagResource,
    ListTagsForResource,
    Converse(String),
    ConverseStream(String),
    InvokeModel(String),
    InvokeModelWithResponseStream(String),
}

impl Route {
    fn parse(method: &Method, raw_path: &str) -> Result<Route, AwsError> {
        let unknown = || AwsError::new(ErrorKind::UnknownOperationException, "Unknown operation");
        let segments = path_segments(raw_path).ok_or_else(unknown)?;
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        let route = match (method.as_str(), segs.as_slice()) {
            ("GET", ["foundation-models"]) => Route::ListFoundationModels,
            ("GET", ["foundation-models", id]) => Route::GetFoundationModel((*id).to_owned()),
            ("GET", ["inference-profiles"]) => Route::ListInferenceProfiles,
            ("POST", ["inference-profiles"]) => Route::CreateInferenceProfile,
            ("GET", ["inference-profiles", id]) => Route::GetInferenceProfile((*id).to_owned()),
            ("DELETE", ["inference-profiles", id]) => {
                Route::DeleteInferenceProfile((*id).to_owned())
            }
            ("POST", ["tagResource"]) => Route::TagResource,
            ("POST", ["untagResource"]) => Route::UntagResource,
            ("POST", ["listTagsForResource"]) => Route::ListTagsForResource,
            ("POST", ["model", id, "converse"]) => Route::Converse((*id).to_owned()),
            ("POST", ["model", id, "converse-stream"]) => Route::ConverseStream((*id).to_owned()),
            ("POST", ["model", id, "invoke"]) => Route::InvokeModel((*id).to_owned()),
            ("POST", ["model", id, "invoke-with-response-stream"]) => {
                Route::InvokeModelWithResponseStream((*id).to_owned())
            }
            _ => return Err(unknown()),
        };
        Ok(route)
    }

    fn operation(&self) -> &'static str {
        match self {
            Route::ListFoundationModels => "ListFoundationModels",
            Route::GetFoundationModel(_) => "GetFoundationModel",
            Route::ListInferenceProfiles => "ListInferenceProfiles",
            Route::CreateInferenceProfile => "CreateInferenceProfile",
            Route::GetInferenceProfile(_) => "GetInferenceProfile",
            Route::DeleteInferenceProfile(_) => "DeleteInferenceProfile",
            Route::TagResource => "TagResource",
            Route::UntagResource => "UntagResource",
            Route::ListTagsForResource => "ListTagsForResource",
            Route::Converse(_) => "Converse",
            Route::ConverseStream(_) => "ConverseStream",
            Route::InvokeModel(_) => "InvokeModel",
            Route::InvokeModelWithResponseStream(_) => "InvokeModelWithResponseStream",
        }
    }

    /// The IAM action the operation needs (Converse is authorised as InvokeModel, as in IAM).
    fn action(&self) -> &'static str {
        match self {
            Route::Converse(_) | Route::InvokeModel(_) => "bedrock:InvokeModel",
            Route::ConverseStream(_) | Route::InvokeModelWithResponseStream(_) => {
                "bedrock:InvokeModelWithResponseStream"
            }
            Route::ListFoundationModels => "bedrock:ListFoundationModels",
            Route::GetFoundationModel(_) => "bedrock:GetFoundationModel",
            Route::ListInferenceProfiles => "bedrock:ListInferenceProfiles",
            Route::CreateInferenceProfile => "bedrock:CreateInferenceProfile",
            Route::GetInferenceProfile(_) => "bedrock:GetInferenceProfile",
            Route::DeleteInferenceProfile(_) => "bedrock:DeleteInferenceProfile",
            Route::TagResource => "bedrock:TagResource",
            Route::UntagResource => "bedrock:UntagResource",
            Route::ListTagsForResource => "bedrock:ListTagsForResource",
        }
    }

    fn model_id(&self) -> Option<&str> {
        match self {
            Route::Converse(id)
            | Route::ConverseStream(id)
            | Route::InvokeModel(id)
            | Route::InvokeModelWithResponseStream(id) => Some(id),
            _ => None,
        }
    }

    fn resource(&self) -> Option<&str> {
        match self {
            Route::GetFoundationModel(id)
            | Route::GetInferenceProfile(id)
            | Route::DeleteInferenceProfile(id) => Some(id),
            _ => None,
        }
    }

    /// The resource named in an AccessDenied message.
    fn denied_resource(&self, region: &str, account: &str) -> String {
        match self.model_id().or(self.resource()) {
            Some(id) if id.starts_with("arn:") => id.to_owned(),
            Some(id) if self.model_id().is_some() => crate::arn::foundation_model_arn(region, id),
            Some(id) => crate::arn::system_profile_arn(region, account, id),
            None => format!("arn:aws:bedrock:{region}:{account}:*"),
        }
    }
}

fn error_code(response: &Response) -> Option<String> {
    let value = response.headers().get("x-amzn-errortype")?.to_str().ok()?;
    Some(value.split(':').next().unwrap_or(value).to_owned())
}

async fn handle_aws(shared: &Shared, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let route = match Route::parse(&parts.method, parts.uri.path()) {
        Ok(route) => route,
        Err(e) => {
            let response = e.into_response();
            shared.requests.push(RecordedRequest {
                seq: 0,
                operation: "Unknown".into(),
                region: String::new(),
                model_id: None,
                resolved_model_id: None,
                inference_profile_arn: None,
                resource: Some(format!("{} {}", parts.method, parts.uri.path())),
                status: response.status().as_u16(),
                error: error_code(&response),
            });
            return response;
        }
    };
    match auth::scope(&parts.headers) {
        Err(e) => {
            let response = e.into_response();
            record(shared, &route, "", &response);
            response
        }
        Ok(scope) => {
            let region = scope.region;
            let response =
                handle_operation(shared, &route, &region, parts.uri.query(), body, started).await;
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
    body: Body,
    started: Instant,
) -> Response {
    let injection = shared.faults.on_request(
        route.operation(),
        route.action(),
        || route.denied_resource(region, &shared.account),
        &shared.account,
    );
    if !injection.latency.is_zero() {
        tokio::time::sleep(injection.latency).await;
    }
    if let Some(error) = injection.error {
        return error.into_response();
    }
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(e) => {
            return AwsError::validation(format!("The request body could not be read: {e}"))
                .into_response()
        }
    };
    let result = match route {
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
    };
    result.unwrap_or_else(IntoResponse::into_response)
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

async fn dispatch(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let request_id = uuid::Uuid::new_v4();
    let mut response = if shared.admin_api && request.uri().path().starts_with("/_emulator") {
        admin::handle(&shared, request).await
    } else {
        handle_aws(&shared, request).await
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
            pacing: RwLock::new(config.pacing),
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

    /// Back to the seed: application profiles, tags, tokens, faults and the request log
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

//! Throughput of the emulator on loopback, each figure beside a baseline measured in the same run:
//! a trivial axum handler that serves the very same response bytes from memory.
//!
//! - ListInferenceProfiles requests/s with 1,000 application profiles (pages of 100 and of 1,000);
//! - ConverseStream text chunks/s with zero pacing (about 2,000 chunks per answer).
//!
//! Each is measured with two clients: the AWS SDK for Rust (what the app uses; it parses every
//! response) and a minimal raw HTTP/1.1 keep-alive client (what the server alone can do).
//!
//! Run: `scripts/bench emulator [--seconds N] [--markdown FILE]`
//! (or `cargo bench -p bedrock-emulator --bench throughput -- …`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_bedrock::types::{InferenceProfileModelSource, InferenceProfileType};
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, ConverseStreamOutput, Message,
};
use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const REGION: &str = "us-east-1";
const PROFILES: usize = 1_000;
const STREAM_WORDS: usize = 2_000;
const AUTH: &str = "AWS4-HMAC-SHA256 Credential=bench/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
const MODEL_PATH: &str = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream";

struct Args {
    seconds: f64,
    markdown: Option<String>,
}

fn args() -> Args {
    let mut args = Args {
        seconds: 3.0,
        markdown: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => {
                args.seconds = it.next().and_then(|s| s.parse().ok()).expect("--seconds N")
            }
            "--markdown" => args.markdown = it.next(),
            "--bench" => {}
            other => eprintln!("ignoring argument {other:?}"),
        }
    }
    args
}

fn prompt() -> String {
    (0..STREAM_WORDS)
        .map(|i| ["alpha", "beta", "gamma", "delta"][i % 4])
        .collect::<Vec<_>>()
        .join(" ")
}

fn converse_body() -> String {
    serde_json::json!({ "messages": [ { "role": "user", "content": [ { "text": prompt() } ] } ] })
        .to_string()
}

// --- clients ---

fn credentials() -> aws_sdk_bedrock::config::Credentials {
    aws_sdk_bedrock::config::Credentials::new("AKIDBENCH", "bench-secret", None, None, "static")
}

fn control(endpoint: &str) -> aws_sdk_bedrock::Client {
    aws_sdk_bedrock::Client::from_conf(
        aws_sdk_bedrock::Config::builder()
            .behavior_version(aws_sdk_bedrock::config::BehaviorVersion::latest())
            .region(aws_sdk_bedrock::config::Region::new(REGION))
            .credentials_provider(credentials())
            .endpoint_url(endpoint)
            .build(),
    )
}

fn runtime_client(endpoint: &str) -> aws_sdk_bedrockruntime::Client {
    aws_sdk_bedrockruntime::Client::from_conf(
        aws_sdk_bedrockruntime::Config::builder()
            .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
            .region(aws_sdk_bedrockruntime::config::Region::new(REGION))
            .credentials_provider(credentials())
            .endpoint_url(endpoint)
            .build(),
    )
}

/// A minimal keep-alive HTTP/1.1 client for responses with a Content-Length.
struct RawConnection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl RawConnection {
    async fn connect(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        Self {
            stream,
            buffer: Vec::with_capacity(1 << 20),
        }
    }

    /// Sends one request and returns the response body.
    async fn exchange(&mut self, request: &[u8]) -> Vec<u8> {
        self.stream.write_all(request).await.unwrap();
        self.buffer.clear();
        let mut chunk = [0u8; 64 * 1024];
        loop {
            if let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buffer[..end])
                    .unwrap()
                    .to_ascii_lowercase();
                assert!(
                    head.starts_with("http/1.1 200") || head.starts_with("http/1.1 201"),
                    "{head}"
                );
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map(|v| v.trim().parse().unwrap())
                    .expect("a content-length");
                let start = end + 4;
                while self.buffer.len() < start + length {
                    let n = self.stream.read(&mut chunk).await.unwrap();
                    assert!(n > 0, "connection closed");
                    self.buffer.extend_from_slice(&chunk[..n]);
                }
                return self.buffer[start..start + length].to_vec();
            }
            let n = self.stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed");
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }
}

/// Now as `X-Amz-Date`: the emulator refuses signatures more than 5 minutes off, as AWS does.
fn amz_now() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

fn list_request(max_results: usize) -> Vec<u8> {
    format!(
        "GET /inference-profiles?type=APPLICATION&maxResults={max_results} HTTP/1.1\r\nhost: bench\r\nauthorization: {AUTH}\r\nx-amz-date: {}\r\n\r\n",
        amz_now()
    )
    .into_bytes()
}

fn stream_request() -> Vec<u8> {
    let body = converse_body();
    format!(
        "POST {MODEL_PATH} HTTP/1.1\r\nhost: bench\r\nauthorization: {AUTH}\r\nx-amz-date: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        amz_now(),
        body.len()
    )
    .into_bytes()
}

/// Number of event-stream frames in `body` (walking the prelude lengths).
fn frames(body: &[u8]) -> u64 {
    let mut count = 0;
    let mut at = 0;
    while at + 4 <= body.len() {
        let len = u32::from_be_bytes([body[at], body[at + 1], body[at + 2], body[at + 3]]) as usize;
        at += len;
        count += 1;
    }
    count
}

// --- measuring ---

/// Runs `workers` copies of `op` for `seconds` (after a short warm-up); each call returns how
/// many units it did. Returns units per second.
async fn rate<F, Fut>(seconds: f64, workers: usize, op: F) -> f64
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = u64> + Send,
{
    let op = Arc::new(op);
    let units = Arc::new(AtomicU64::new(0));
    let counting = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let warmup = Duration::from_secs_f64((seconds / 6.0).min(0.5));
    let started = Instant::now();
    let deadline = started + warmup + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for worker in 0..workers {
        let (op, units, counting) = (Arc::clone(&op), Arc::clone(&units), Arc::clone(&counting));
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let done = op(worker).await;
                if counting.load(Ordering::Relaxed) {
                    units.fetch_add(done, Ordering::Relaxed);
                }
            }
        }));
    }
    tokio::time::sleep(warmup).await;
    units.store(0, Ordering::Relaxed);
    counting.store(true, Ordering::Relaxed);
    let measured_from = Instant::now();
    for task in tasks {
        task.await.unwrap();
    }
    units.load(Ordering::Relaxed) as f64 / measured_from.elapsed().as_secs_f64()
}

async fn sdk_list_rate(endpoint: String, max_results: i32, seconds: f64) -> f64 {
    let client = control(&endpoint);
    rate(seconds, 16, move |_| {
        let client = client.clone();
        async move {
            let out = client
                .list_inference_profiles()
                .type_equals(InferenceProfileType::Application)
                .max_results(max_results)
                .send()
                .await
                .unwrap();
            assert_eq!(
                out.inference_profile_summaries.unwrap().len(),
                max_results as usize
            );
            1
        }
    })
    .await
}

async fn raw_rate(
    addr: SocketAddr,
    request: Vec<u8>,
    workers: usize,
    seconds: f64,
    units: fn(&[u8]) -> u64,
) -> f64 {
    let mut connections = Vec::new();
    for _ in 0..workers {
        connections.push(Arc::new(tokio::sync::Mutex::new(
            RawConnection::connect(addr).await,
        )));
    }
    let connections = Arc::new(connections);
    let request = Arc::new(request);
    rate(seconds, workers, move |worker| {
        let (connections, request) = (Arc::clone(&connections), Arc::clone(&request));
        async move {
            let mut connection = connections[worker].lock().await;
            let body = connection.exchange(&request).await;
            units(&body)
        }
    })
    .await
}

async fn sdk_stream_rate(endpoint: String, seconds: f64) -> f64 {
    let client = runtime_client(&endpoint);
    let message = Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::Text(prompt()))
        .build()
        .unwrap();
    rate(seconds, 4, move |_| {
        let (client, message) = (client.clone(), message.clone());
        async move {
            let mut out = client
                .converse_stream()
                .model_id("anthropic.claude-3-haiku-20240307-v1:0")
                .messages(message)
                .send()
                .await
                .unwrap();
            let mut chunks = 0;
            while let Some(event) = out.stream.recv().await.unwrap() {
                if matches!(event, ConverseStreamOutput::ContentBlockDelta(_)) {
                    chunks += 1;
                }
            }
            chunks
        }
    })
    .await
}

/// The baseline: any request gets one of these bodies from memory.
async fn start_baseline(
    list_100: Bytes,
    list_1000: Bytes,
    stream: Bytes,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    use axum::http::{header, Uri};
    let app = axum::Router::new().fallback(move |uri: Uri| {
        let (list_100, list_1000, stream) = (list_100.clone(), list_1000.clone(), stream.clone());
        async move {
            if uri.path().starts_with("/model/") {
                (
                    [(header::CONTENT_TYPE, "application/vnd.amazon.eventstream")],
                    stream,
                )
            } else if uri.query().is_some_and(|q| q.contains("maxResults=1000")) {
                ([(header::CONTENT_TYPE, "application/json")], list_1000)
            } else {
                ([(header::CONTENT_TYPE, "application/json")], list_100)
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    (addr, tx)
}

struct Row {
    what: String,
    client: &'static str,
    emulator: f64,
    baseline: f64,
    unit: &'static str,
    target: Option<f64>,
}

fn main() {
    let args = args();
    // The server and the clients get separate runtimes (2 threads each) sharing the machine.
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("server")
        .enable_all()
        .build()
        .unwrap();
    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("client")
        .enable_all()
        .build()
        .unwrap();
    let emulator: EmulatorHandle = server
        .block_on(Emulator::start(EmulatorConfig::for_tests(Seed::Empty)))
        .unwrap();
    let endpoint = emulator.endpoint();
    let addr = emulator.local_addr();
    eprintln!("emulator at {endpoint}; creating {PROFILES} application profiles in {REGION}");

    client.block_on(async {
        let sdk = control(&endpoint);
        let source = format!(
            "arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
        );
        let mut tasks = Vec::new();
        for worker in 0..8 {
            let (sdk, source) = (sdk.clone(), source.clone());
            tasks.push(tokio::spawn(async move {
                for i in (worker..PROFILES).step_by(8) {
                    sdk.create_inference_profile()
                        .inference_profile_name(format!("bench-profile-{i:04}"))
                        .description("Benchmark profile copying Claude 3 Haiku")
                        .model_source(InferenceProfileModelSource::CopyFrom(source.clone()))
                        .send()
                        .await
                        .unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    });

    // Capture the emulator's exact responses for the baseline.
    let (list_100, list_1000, stream_body) = client.block_on(async {
        let mut connection = RawConnection::connect(addr).await;
        (
            Bytes::from(connection.exchange(&list_request(100)).await),
            Bytes::from(connection.exchange(&list_request(1000)).await),
            Bytes::from(connection.exchange(&stream_request()).await),
        )
    });
    let chunks_per_stream = frames(&stream_body) - 4;
    eprintln!(
        "list page of 100: {} KB; of 1000: {} KB; one stream: {chunks_per_stream} chunks, {} KB",
        list_100.len() / 1024,
        list_1000.len() / 1024,
        stream_body.len() / 1024
    );
    let (baseline_addr, stop_baseline) =
        server.block_on(start_baseline(list_100, list_1000, stream_body));
    let baseline_endpoint = format!("http://{baseline_addr}");
    let seconds = args.seconds;
    let mut rows = Vec::new();

    for (max_results, target) in [(100usize, Some(5_000.0)), (1000, None)] {
        let what = format!("ListInferenceProfiles, 1,000 profiles, pages of {max_results}");
        let base = client.block_on(raw_rate(
            baseline_addr,
            list_request(max_results),
            8,
            seconds,
            |_| 1,
        ));
        let emu = client.block_on(raw_rate(addr, list_request(max_results), 8, seconds, |_| 1));
        rows.push(Row {
            what: what.clone(),
            client: "raw HTTP",
            emulator: emu,
            baseline: base,
            unit: "req/s",
            target,
        });
        let base = client.block_on(sdk_list_rate(
            baseline_endpoint.clone(),
            max_results as i32,
            seconds,
        ));
        let emu = client.block_on(sdk_list_rate(endpoint.clone(), max_results as i32, seconds));
        rows.push(Row {
            what,
            client: "AWS SDK",
            emulator: emu,
            baseline: base,
            unit: "req/s",
            target,
        });
    }
    let what = format!("ConverseStream, zero pacing, {chunks_per_stream} chunks per answer");
    let base = client.block_on(raw_rate(baseline_addr, stream_request(), 4, seconds, |b| {
        frames(b) - 4
    }));
    let emu = client.block_on(raw_rate(addr, stream_request(), 4, seconds, |b| {
        frames(b) - 4
    }));
    rows.push(Row {
        what: what.clone(),
        client: "raw HTTP",
        emulator: emu,
        baseline: base,
        unit: "chunks/s",
        target: Some(50_000.0),
    });
    let base = client.block_on(sdk_stream_rate(baseline_endpoint, seconds));
    let emu = client.block_on(sdk_stream_rate(endpoint, seconds));
    rows.push(Row {
        what,
        client: "AWS SDK",
        emulator: emu,
        baseline: base,
        unit: "chunks/s",
        target: Some(50_000.0),
    });

    let _ = stop_baseline.send(());
    server.block_on(emulator.shutdown());

    let mut table = String::from(
        "| benchmark | client | emulator | baseline (static axum) | emulator / baseline | target |\n|---|---|---:|---:|---:|---:|\n",
    );
    for row in &rows {
        table.push_str(&format!(
            "| {} | {} | {:.0} {} | {:.0} {} | {:.2} | {} |\n",
            row.what,
            row.client,
            row.emulator,
            row.unit,
            row.baseline,
            row.unit,
            row.emulator / row.baseline,
            row.target
                .map_or("-".to_owned(), |t| format!("> {t:.0} {}", row.unit)),
        ));
    }
    println!("{table}");
    println!(
        "({} CPUs, {seconds} s per figure; baseline = a trivial axum handler serving the emulator's own response bytes from memory)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    if let Some(path) = args.markdown {
        let text =
            format!("## Emulator throughput\n\n{table}\nMeasured by `scripts/bench emulator`.\n");
        std::fs::write(&path, text).unwrap();
        eprintln!("wrote {path}");
    }
}

//! AWS event-stream responses (`application/vnd.amazon.eventstream`): frames written with
//! `aws-smithy-eventstream`, paced, and optionally broken by a fault.

use std::time::{Duration, Instant};

use aws_smithy_types::event_stream::{Header, HeaderValue as FrameValue, Message};
use axum::body::Body;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};

use crate::clock::elapsed_ms;
use crate::config::Pacing;
use crate::error::ErrorKind;
use crate::faults::{clamp_delay, StreamBreakPlan, StreamEnd};

/// How long a dropped stream waits after its last chunk, so the client really receives it.
const DROP_FLUSH_DELAY: Duration = Duration::from_millis(50);

/// Appends one frame with the given `:message-type`, type header and JSON payload.
fn write_frame(
    out: &mut BytesMut,
    message_type: &'static str,
    type_header: &'static str,
    kind: String,
    payload: Vec<u8>,
) {
    let message = Message::new_from_parts(
        vec![
            Header::new(":message-type", FrameValue::String(message_type.into())),
            Header::new(type_header, FrameValue::String(kind.into())),
            Header::new(
                ":content-type",
                FrameValue::String("application/json".into()),
            ),
        ],
        payload,
    );
    // Writing to a BytesMut cannot fail; the only errors are for frames over 16 MB.
    if let Err(e) = aws_smithy_eventstream::frame::write_message_to(&message, out) {
        tracing::error!(target: "bedrock_emulator::stream", error = %e, "event frame not written");
    }
}

/// Appends an event frame (`:message-type: event`, `:event-type: <event_type>`).
pub(crate) fn event(out: &mut BytesMut, event_type: &'static str, payload: Vec<u8>) {
    write_frame(out, "event", ":event-type", event_type.to_owned(), payload);
}

/// Appends an exception frame (`:message-type: exception`, `:exception-type: internalServerException`).
pub(crate) fn exception(out: &mut BytesMut, kind: ErrorKind, message: &str) {
    let payload = serde_json::json!({ "message": message })
        .to_string()
        .into_bytes();
    write_frame(
        out,
        "exception",
        ":exception-type",
        kind.stream_event_type(),
        payload,
    );
}

/// The frames of one streamed answer: those before the text, one per text chunk, and those after
/// (built at the end, when the latency is known).
pub(crate) struct StreamPlan {
    pub(crate) head: BytesMut,
    pub(crate) chunks: Vec<Bytes>,
    pub(crate) tail: Box<dyn FnOnce(u64) -> BytesMut + Send>,
}

/// The HTTP response for a stream plan, paced and broken as asked.
pub(crate) fn response(
    plan: StreamPlan,
    pacing: Pacing,
    broken: Option<StreamBreakPlan>,
    started: Instant,
) -> Response {
    let body = if pacing.is_zero() && broken.is_none() {
        // Fast path: everything in one buffer.
        let StreamPlan {
            mut head,
            chunks,
            tail,
        } = plan;
        head.reserve(chunks.iter().map(Bytes::len).sum());
        for chunk in &chunks {
            head.extend_from_slice(chunk);
        }
        head.unsplit(tail(elapsed_ms(started)));
        Body::from(head.freeze())
    } else {
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(32);
        tokio::spawn(produce(plan, pacing, broken, started, tx));
        Body::from_stream(futures::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        }))
    };
    let mut response = body.into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/vnd.amazon.eventstream"),
    );
    response
}

async fn produce(
    plan: StreamPlan,
    pacing: Pacing,
    broken: Option<StreamBreakPlan>,
    started: Instant,
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    let StreamPlan { head, chunks, tail } = plan;
    if tx.send(Ok(head.freeze())).await.is_err() {
        return;
    }
    sleep(pacing.time_to_first_token).await;
    let break_at = broken
        .and_then(|b| b.after_chunks)
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut batch = BytesMut::new();
    for (index, chunk) in chunks.into_iter().enumerate() {
        if break_at == Some(index) {
            break;
        }
        if index > 0 && !pacing.per_chunk.is_zero() {
            if !batch.is_empty() && tx.send(Ok(batch.split().freeze())).await.is_err() {
                return;
            }
            sleep(pacing.per_chunk).await;
        }
        batch.extend_from_slice(&chunk);
    }
    if !batch.is_empty() && tx.send(Ok(batch.split().freeze())).await.is_err() {
        return;
    }
    match broken.map(|b| b.end) {
        None => {
            let _ = tx.send(Ok(tail(elapsed_ms(started)).freeze())).await;
        }
        Some(StreamEnd::Exception(kind)) => {
            let mut frame = BytesMut::new();
            exception(&mut frame, kind, kind.default_message());
            let _ = tx.send(Ok(frame.freeze())).await;
        }
        Some(StreamEnd::Drop) => {
            // Let hyper flush what was sent (it drops unflushed data on abort), then make the
            // body stream fail: hyper aborts the connection mid-response.
            tokio::time::sleep(DROP_FLUSH_DELAY).await;
            let _ = tx
                .send(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "fault: dropped",
                )))
                .await;
        }
        Some(StreamEnd::Stall) => {
            // Silence with the connection open: the body ends only when the client goes away.
            tx.closed().await;
        }
        // The body simply ends: no contentBlockStop, messageStop or metadata.
        Some(StreamEnd::Truncate) => {}
    }
}

async fn sleep(duration: Duration) {
    if !duration.is_zero() {
        tokio::time::sleep(clamp_delay(duration)).await;
    }
}

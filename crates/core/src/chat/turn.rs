//! One turn from request to record: the stream's steps gathered into the answer, the events
//! told to the caller, the turn priced and written to the ledger (and its conversation) exactly
//! once, before `finished` is told.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use tokio_util::sync::CancellationToken;

use super::stream::{ended_early, stream, StreamEnd, StreamStep, StreamUsage};
use super::{
    features_for, pricing_model, ChatEvent, ChatRequest, Reasoning, Role, TurnEnd, TurnOptions,
    TurnReport, TurnUsage, LOG_TARGET,
};
use crate::catalog::{EntryKind, ModelEntry};
use crate::conversations::{FinishedTurn, StoredMessage, StoredUsage};
use crate::error::{Error, Result};
use crate::ledger::{TurnOutcome, UsageLedger, UsageRecord};
use crate::pricing::{PriceTable, TurnTokens};
use crate::session::Session;

pub(super) fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The reasoning's share of `output` tokens: Bedrock counts reasoning within the output and does
/// not report it apart, so the output is apportioned by characters, output × reasoning chars /
/// (reasoning + answer chars), rounded to the nearest token.
pub(super) fn reasoning_share(output: u64, reasoning_chars: usize, answer_chars: usize) -> u64 {
    let (r, a) = (reasoning_chars as u128, answer_chars as u128);
    if r + a == 0 {
        return 0;
    }
    let share = (u128::from(output) * r + (r + a) / 2) / (r + a);
    u64::try_from(share).unwrap_or(u64::MAX)
}

/// Runs one turn through `entry` (see the module docs). `emit` is called for every event; the
/// ledger line is written before `Finished` is emitted. Never fails: a failed turn is reported
/// through `Failed` and recorded; only the validation of `request`, against the features of the
/// model underneath `entry` too ([`ChatRequest::validate_for`]), is checked before anything is
/// sent, and is returned as an error with nothing recorded. The cost is priced at the tier
/// Bedrock says served the turn (the one asked for when it does not say).
#[allow(clippy::too_many_arguments)]
pub async fn run_turn(
    session: &Session,
    prices: &PriceTable,
    ledger: &UsageLedger,
    entry: &ModelEntry,
    request: &ChatRequest,
    options: TurnOptions,
    cancel: CancellationToken,
    mut emit: impl FnMut(ChatEvent),
) -> Result<TurnReport> {
    let region = session.target.region.clone();
    let features = features_for(entry, &region);
    request.validate_for(&features)?;
    let started = Instant::now();
    let mut text = String::new();
    let mut reasoning: Option<Reasoning> = None;
    let mut ttft_ms = None;
    let mut stop_reason = None;
    let mut tokens: Option<StreamUsage> = None;
    let mut served_by = None;

    let result = stream(
        session,
        entry,
        request,
        &features,
        options,
        &cancel,
        |event| match event {
            StreamStep::Started => emit(ChatEvent::Started {
                model_id: entry.id.clone(),
            }),
            StreamStep::Text(t) => {
                if ttft_ms.is_none() {
                    ttft_ms = Some(millis(started));
                }
                text.push_str(&t);
                emit(ChatEvent::Delta { text: t });
            }
            StreamStep::Stop(reason) => {
                emit(ChatEvent::Stopped {
                    reason: reason.clone(),
                });
                stop_reason = Some(reason);
            }
            StreamStep::ReasoningText(t) => {
                reasoning
                    .get_or_insert_with(Reasoning::default)
                    .text
                    .push_str(&t);
                emit(ChatEvent::ReasoningDelta { text: t });
            }
            StreamStep::ReasoningSignature(signature) => {
                reasoning.get_or_insert_with(Reasoning::default).signature =
                    Some(signature.clone());
                emit(ChatEvent::ReasoningSignature { signature });
            }
            StreamStep::ReasoningRedacted(data) => {
                reasoning
                    .get_or_insert_with(Reasoning::default)
                    .redacted
                    .push(data.clone());
                emit(ChatEvent::ReasoningRedacted { data });
            }
            StreamStep::Usage(usage) => tokens = Some(usage),
            StreamStep::Tier(tier) => served_by = Some(tier),
        },
    )
    .await;
    let latency_ms = millis(started);

    let (outcome, error) = match result {
        Ok(StreamEnd::Cancelled) => (TurnOutcome::Interrupted, None),
        Ok(StreamEnd::Closed) if stop_reason.is_some() => (TurnOutcome::Completed, None),
        // Closed without messageStop: the answer may be cut anywhere, so it is never "completed".
        Ok(StreamEnd::Closed) => (TurnOutcome::EndedEarly, Some(ended_early())),
        Err(e) => (TurnOutcome::Failed, Some(e)),
    };
    if let Some(e) = &error {
        emit(ChatEvent::Failed { error: e.clone() });
    }
    let priced_as = pricing_model(entry, &region);
    // By the entry, not only its model: a `global.` route is billed differently.
    let quote = match (&priced_as, tokens) {
        (Some(_), Some(_)) => prices.quote_for(entry, &region),
        _ => None,
    };
    // Priced at the tier Bedrock says served the turn; when it did not say, at the one asked for.
    let priced_tier = served_by.or(request.service_tier);
    let turn_tokens = tokens.map(|t| TurnTokens {
        input: t.input,
        output: t.output,
        cache_read: t.cache_read.unwrap_or(0),
        cache_write: t.cache_write.unwrap_or(0),
    });
    let cost_usd = quote
        .as_ref()
        .zip(turn_tokens)
        .and_then(|(q, t)| q.price.cost_of(&t, priced_tier));
    let cache_saved_usd = quote
        .as_ref()
        .zip(turn_tokens)
        .and_then(|(q, t)| q.price.cache_saving(&t, priced_tier));
    let usage = TurnUsage {
        input_tokens: tokens.map(|t| t.input),
        output_tokens: tokens.map(|t| t.output),
        latency_ms,
        ttft_ms,
        cost_usd,
        priced_as: priced_as.clone(),
        cache_read_tokens: tokens.and_then(|t| t.cache_read),
        cache_write_tokens: tokens.and_then(|t| t.cache_write),
        reasoning_tokens: reasoning
            .as_ref()
            .zip(tokens)
            .map(|(r, t)| reasoning_share(t.output, r.text.chars().count(), text.chars().count())),
        service_tier: served_by,
        cache_saved_usd,
    };
    let record = UsageRecord {
        time_ms: crate::clock::now_ms(),
        turn_id: uuid::Uuid::new_v4().to_string(),
        entry_id: entry.id.clone(),
        kind: entry.kind,
        entry_name: entry.name.clone(),
        profile_arn: (entry.kind == EntryKind::ApplicationProfile).then(|| entry.arn.clone()),
        tags: entry.tags.clone().unwrap_or_default(),
        model_id: priced_as,
        region: region.clone(),
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        latency_ms,
        ttft_ms,
        cost_usd,
        price_source: quote.as_ref().map(|q| q.source),
        price_as_of: quote.and_then(|q| q.as_of),
        outcome,
        stop_reason: stop_reason.as_ref().map(|r| r.as_str().to_owned()),
        error_kind: error.as_ref().map(Error::kind),
        cache_read_tokens: usage.cache_read_tokens,
        cache_write_tokens: usage.cache_write_tokens,
        reasoning_tokens: usage.reasoning_tokens,
        service_tier: usage.service_tier,
    };
    let answer = request.conversation_id.as_ref().map(|id| FinishedTurn {
        conversation_id: id.clone(),
        entry_id: entry.id.clone(),
        entry_name: entry.name.clone(),
        system: request.system.clone(),
        max_tokens: request.max_tokens,
        user_text: request
            .messages
            .last()
            .map(|m| m.text.clone())
            .unwrap_or_default(),
        user_attachments: request
            .messages
            .last()
            .map(|m| m.attachments.clone())
            .unwrap_or_default(),
        answer: StoredMessage {
            role: Role::Assistant,
            text: text.clone(),
            outcome: Some(outcome),
            stop_reason: stop_reason.clone(),
            usage: Some(StoredUsage::from(&usage)),
            error: error.clone(),
            attachments: Vec::new(),
            reasoning: reasoning.clone(),
        },
        time_ms: record.time_ms,
    });
    // The database write (a full sync) runs off the async threads.
    let (writer, line) = (ledger.clone(), record.clone());
    let written =
        tokio::task::spawn_blocking(move || writer.record_turn(&line, answer.as_ref())).await;
    let failure = match written {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(e) => Some(format!("the ledger writer stopped: {e}")),
    };
    if let Some(e) = failure {
        // The answer is still the user's; the missing ledger line is reported loudly.
        tracing::error!(target: LOG_TARGET, error = %e, "the usage ledger could not be written");
    }
    let log_arn = record.profile_arn.as_deref().unwrap_or("");
    tracing::info!(
        target: LOG_TARGET,
        entry = %entry.id,
        profile_arn = log_arn,
        region = %region,
        outcome = ?outcome,
        input_tokens = ?usage.input_tokens,
        output_tokens = ?usage.output_tokens,
        cache_read_tokens = ?usage.cache_read_tokens,
        cache_write_tokens = ?usage.cache_write_tokens,
        reasoning_tokens = ?usage.reasoning_tokens,
        service_tier = ?usage.service_tier,
        latency_ms,
        ttft_ms = ?ttft_ms,
        cost_usd = ?cost_usd,
        error_kind = ?record.error_kind,
        "chat turn finished"
    );
    emit(ChatEvent::Finished {
        outcome,
        usage: usage.clone(),
    });
    Ok(TurnReport {
        text,
        reasoning,
        outcome,
        stop_reason,
        error,
        usage,
        record,
    })
}

/// Runs a turn whose session and entry are still to be resolved (`prepare`: connecting, finding
/// the entry, fetching its tags), all under `cancel`, so that Stop works from the first moment.
/// `request` is validated first and returned as an error with nothing sent. A cancel before the
/// request is sent ends the turn with `finished` (interrupted, no tokens); a `prepare` error, or
/// a request the entry's model cannot take ([`ChatRequest::validate_for`], checked once the
/// entry is found), with `failed` + `finished` (failed); none is recorded (`Ok(None)`), since no
/// request reached Bedrock. Otherwise it is [`run_turn`].
pub async fn run_turn_when_ready<P>(
    prices: &PriceTable,
    ledger: &UsageLedger,
    request: &ChatRequest,
    options: TurnOptions,
    cancel: CancellationToken,
    prepare: P,
    emit: impl FnMut(ChatEvent),
) -> Result<Option<TurnReport>>
where
    P: Future<Output = Result<(Arc<Session>, ModelEntry)>>,
{
    run_prepared(prices, ledger, request, options, cancel, prepare, emit)
        .await
        .map(|end| end.report)
}

/// [`run_turn_when_ready`], telling how the turn ended also when no request was sent.
pub(super) async fn run_prepared<P>(
    prices: &PriceTable,
    ledger: &UsageLedger,
    request: &ChatRequest,
    options: TurnOptions,
    cancel: CancellationToken,
    prepare: P,
    mut emit: impl FnMut(ChatEvent),
) -> Result<TurnEnd>
where
    P: Future<Output = Result<(Arc<Session>, ModelEntry)>>,
{
    request.validate()?;
    let started = Instant::now();
    let prepared = tokio::select! {
        biased;
        () = cancel.cancelled() => None,
        prepared = prepare => Some(prepared),
    };
    let mut no_call = |outcome, error: Option<Error>| {
        if let Some(error) = &error {
            emit(ChatEvent::Failed {
                error: error.clone(),
            });
        }
        let usage = TurnUsage::no_call(millis(started));
        emit(ChatEvent::Finished {
            outcome,
            usage: usage.clone(),
        });
        TurnEnd {
            outcome,
            usage,
            error,
            entry: None,
            report: None,
        }
    };
    match prepared {
        None => {
            tracing::info!(target: LOG_TARGET, entry = %request.entry_id, "chat turn cancelled before its request was sent; nothing recorded");
            Ok(no_call(TurnOutcome::Interrupted, None))
        }
        Some(Err(error)) => {
            tracing::warn!(target: LOG_TARGET, entry = %request.entry_id, kind = ?error.kind(), error = %error, "chat turn could not start; nothing recorded");
            Ok(no_call(TurnOutcome::Failed, Some(error)))
        }
        Some(Ok((session, entry))) => {
            let features = features_for(&entry, &session.target.region);
            if let Err(error) = request.validate_for(&features) {
                tracing::info!(target: LOG_TARGET, entry = %request.entry_id, error = %error, "chat turn refused for its model before any call; nothing recorded");
                return Ok(no_call(TurnOutcome::Failed, Some(error)));
            }
            let report = run_turn(
                &session, prices, ledger, &entry, request, options, cancel, emit,
            )
            .await?;
            Ok(TurnEnd {
                outcome: report.outcome,
                usage: report.usage.clone(),
                error: report.error.clone(),
                entry: Some(entry),
                report: Some(report),
            })
        }
    }
}

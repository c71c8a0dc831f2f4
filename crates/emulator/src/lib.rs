//! A faithful local Amazon Bedrock: the `bedrock` control plane and `bedrock-runtime` on one
//! loopback port, for tests, benchmarks and Strata's demo mode. The AWS SDK for Rust, the AWS CLI
//! and boto3 talk to it over HTTP exactly as they talk to AWS (`--endpoint-url`, `endpoint_url`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), bedrock_emulator::StartError> {
//! use bedrock_emulator::{Emulator, EmulatorConfig, Seed};
//! let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo)).await?;
//! let endpoint = emulator.endpoint(); // http://127.0.0.1:PORT
//! # let _ = endpoint;
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # What it serves
//! - Control plane: `ListFoundationModels` (filters `byProvider`, `byOutputModality`,
//!   `byInferenceType`, `byCustomizationType`), `GetFoundationModel`, `ListInferenceProfiles`
//!   (`type` defaults to `SYSTEM_DEFINED`; `maxResults` 1–1000, default
//!   100; opaque `nextToken`), `GetInferenceProfile`,
//!   `CreateInferenceProfile` (201), `DeleteInferenceProfile`, `TagResource`, `UntagResource`,
//!   `ListTagsForResource`.
//! - Runtime: `Converse`, `ConverseStream`, `InvokeModel`, `InvokeModelWithResponseStream`
//!   (Anthropic messages bodies, plus Nova, Titan, Llama, Mistral, Cohere and embeddings).
//!   `modelId` may be a model id, a system profile id or ARN, or an application profile ARN.
//! - STS: `GetCallerIdentity` (awsQuery on `POST /`, XML answer and errors).
//! - IAM: `SimulatePrincipalPolicy` (awsQuery, signed for `iam`): the deny list's decisions.
//! - Cost Explorer: `ListCostAllocationTags`, `UpdateCostAllocationTagsStatus`, `GetCostAndUsage`
//!   (awsJson1.1) over the cost records; tag groups only for activated keys; calls younger than
//!   billing's delay ([`Billing`], zero by default) are not billed yet.
//! - Price List: `GetProducts` (awsJson1.1, signed for `pricing`) for `AmazonBedrock`: the
//!   emulator's own price list (the one it bills with) as AWS-format product documents, one per
//!   model, region and token kind, with `TERM_MATCH` (and the other) filters and paging.
//! - Budgets: `CreateBudget`, `DescribeBudgets`, `DescribeBudget`, `DeleteBudget`,
//!   `DescribeNotificationsForBudget`, `DescribeSubscribersForNotification`,
//!   `ListTagsForResource` (awsJson1.1); `CalculatedSpend.ActualSpend` from the cost records.
//! - CloudWatch: `PutMetricAlarm`, `DescribeAlarms`, `DeleteAlarms`, in awsJson1.0 (AWS CLI,
//!   boto3) and RPC v2 CBOR (the Rust SDK); billing alarms evaluated on the cost records.
//!   Budgets and alarms are kept in the state file.
//! - Every answered runtime call is billed as a [`CostRecord`] (day, region, model, profile and
//!   its tags, tokens, cost from the emulator's price list or none, Cost Explorer service).
//! - The region of each request comes from its SigV4 credential scope; each region has its own
//!   catalog (seeded: ap-northeast-1, us-east-1, us-west-2, eu-central-1) and profiles. Signatures are not verified,
//!   but their time is: more than 5 minutes (STS: 15) from the emulator's clock is refused as AWS
//!   does (`InvalidSignatureException`, STS `SignatureDoesNotMatch`: "Signature expired: …").
//! - Every response carries `x-amzn-RequestId` (and AWS answers a `Date` from the emulator's clock); errors carry `x-amzn-ErrorType` and
//!   `{"message": …}` with the status of the Bedrock service model.
//!
//! # Admin API (`/_emulator/…`, JSON, no authentication, never faulted)
//! Only requests whose `Host` names the emulator on a loopback address (`127.0.0.1:PORT`,
//! `localhost:PORT`, `[::1]:PORT`) are answered (403 otherwise, e.g. a DNS-rebinding page), and
//! `POST`/`PUT` need `Content-Type: application/json` (415 otherwise).
//!
//! | method and path | effect |
//! |---|---|
//! | `GET /_emulator/health` | `{"status":"ok","accountId":…,"seed":…,"regions":[…],"pacing":{…}}` |
//! | `POST /_emulator/reset` | back to the seed: profiles, tags, tokens, faults, request log |
//! | `GET /_emulator/faults` | `{"faults":[…]}`, the active faults |
//! | `POST /_emulator/faults` | adds one [`Fault`] (body: the fault) or several (`{"faults":[…]}`) |
//! | `DELETE /_emulator/faults` | removes every fault |
//! | `GET /_emulator/requests[?operation=Op]` | `{"requests":[…]}`, each a [`RecordedRequest`] (operation, region, `modelId`, resolved model, profile ARN, status, error) |
//! | `DELETE /_emulator/requests` | forgets recorded requests |
//! | `GET`/`PUT /_emulator/pacing` | `{"timeToFirstToken": ms, "perChunk": ms}` |
//! | `GET`/`PUT /_emulator/caller` | `{"arn": …}` (`null`: the default user); answers `{"arn","userId","account"}`: the principal of GetCallerIdentity and AccessDenied |
//! | `GET`/`PUT /_emulator/billing` | `{"delayMs": ms, "today": "YYYY-MM-DD" \| null}`: billing's delay and the day calls are billed on ([`Billing`]) |
//!
//! Fault JSON (see [`Fault`]): `{"type":"error","operation":"Converse","error":"ThrottlingException","count":2}`,
//! `{"type":"latency","operation":"*","ms":200}`, `{"type":"throttle","operation":"*","rate":0.5}`,
//! `{"type":"deny","actions":["bedrock:CreateInferenceProfile"]}`,
//! `{"type":"streamBreak","operation":"ConverseStream","afterChunks":3,"mode":"exception"|"drop","exception":"ModelStreamErrorException"}`,
//! `{"type":"stall","operation":"ConverseStream","afterChunks":2}` (then silence, connection open),
//! `{"type":"noMessageStop","operation":"ConverseStream"}` (ends without `messageStop`/`metadata`),
//! `{"type":"repeatNextToken","profileType":"APPLICATION"}` (the listing never ends),
//! `{"type":"clockSkew","seconds":-600}` (the emulator's clock 10 minutes behind: its `Date`
//! headers and its signing-time check). Delays are
//! clamped to a day and their arithmetic saturates.
//!
//! # State
//! With a state file, application profiles, their tags, idempotency tokens and cost records are written after
//! every mutation (temp file, fsync, rename, fsync of the folder; or the writer given with
//! [`EmulatorConfig::with_state_writer`]) and loaded at start; a corrupt file stops the start with
//! [`StartError::CorruptState`] and is never overwritten. Without one, state lives in memory.

mod admin;
mod arn;
mod auth;
mod budgets;
mod catalog;
mod ce;
mod clock;
mod cloudwatch;
mod config;
mod control;
mod costs;
mod error;
mod eventstream;
mod faults;
mod features;
mod iam;
mod pricing;
mod responder;
mod route;
mod runtime;
mod server;
mod store;
mod sts;
mod validate;
mod wire;

pub use config::{
    Billing, EmulatorConfig, Pacing, Seed, StateWriteFn, StateWriter, DEFAULT_ACCOUNT_ID,
    DEFAULT_PROFILE_QUOTA,
};
pub use costs::CostRecord;
pub use error::{AwsError, ErrorKind, StartError};
pub use faults::{BreakMode, Fault, FaultError};
pub use responder::count_tokens;
pub use server::{Emulator, EmulatorHandle, RecordedRequest};
pub use store::DEMO_REGION;
pub use validate::{
    is_valid_description, is_valid_profile_name, is_valid_tag_key, is_valid_tag_value,
};

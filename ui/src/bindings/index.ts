// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p strata bindings`.
// Do not edit by hand: a test fails when this file differs from what the Rust code generates.

import type { Channel } from "@tauri-apps/api/core";

export type AppInfo = { 
/**
 * The app's version (from Cargo.toml).
 */
version: string, 
/**
 * `debug` or `release`.
 */
buildProfile: string, 
/**
 * The Tauri version the app is built on.
 */
tauriVersion: string, 
/**
 * The folder holding the rotating log files.
 */
logDir: string, 
/**
 * Today's log file.
 */
logFile: string, 
/**
 * True when the app was started in demo mode (`--demo`, `STRATA_DEMO`); the settings and
 * missing credentials can also choose it, which `ModelList::connection` tells.
 */
demoMode: boolean, 
/**
 * Why the user's `prices.json` or the cached AWS Price List is not used (it is broken; the
 * other sources apply), if one is not.
 */
pricesProblem: IpcError | null, 
/**
 * What start-up found about the saved conversations and usage that the user should know (a
 * damaged database moved aside, a newer one opened read-only, lines of the old files that
 * could not be imported); `None` when all is well.
 */
storageNotice: string | null, };

export type LogLevel = "error" | "warn" | "info" | "debug" | "trace";

export type LogLine = { 
/**
 * Increases by one per line, so the UI can merge replayed and live lines without repeats.
 */
seq: number, 
/**
 * Milliseconds since the Unix epoch.
 */
timeMs: number, 
/**
 * Severity.
 */
level: LogLevel, 
/**
 * The area shown in brackets, e.g. `inference-profile`.
 */
area: string, 
/**
 * The human message.
 */
message: string, 
/**
 * Structured fields, in the order they were recorded.
 */
fields: Array<[string, string]>, };

export type MenuAction = "about" | "settings";

export type AppEvent = { "type": "log", 
/**
 * The line.
 */
line: LogLine, } | { "type": "menu", 
/**
 * What to do.
 */
action: MenuAction, } | { "type": "settings", 
/**
 * The settings now in force.
 */
snapshot: SettingsSnapshot, } | { "type": "catalog", 
/**
 * The list now.
 */
list: ModelList, };

export type IpcErrorKind = "NoCredentials" | "ExpiredCredentials" | "BrokenCredentials" | "AccessDenied" | "RegionMismatch" | "Throttled" | "QuotaExceeded" | "Network" | "NotFound" | "Validation" | "Conflict" | "Internal";

export type IpcError = { kind: IpcErrorKind, message: string, hint: string | null, };

export type DemoPreference = "auto" | "on" | "off";

export type Settings = { 
/**
 * The layout version; data from a newer Strata is backed up, not guessed at.
 */
schemaVersion: number, 
/**
 * List application inference profiles in the picker ("Enable Inference Profiles").
 */
enableInferenceProfiles: boolean, 
/**
 * The AWS region; `None` follows the AWS config (`AWS_REGION`, the profile), else us-east-1.
 */
region: string | null, 
/**
 * A named profile from `~/.aws/config`; `None` follows `AWS_PROFILE`, else `default`.
 */
awsProfile: string | null, 
/**
 * An endpoint to use instead of Bedrock's (advanced: a VPC endpoint). Only the Bedrock
 * (control plane) client uses it; `None` follows `AWS_ENDPOINT_URL_BEDROCK`,
 * `AWS_ENDPOINT_URL` and the AWS config.
 */
endpointUrl: string | null, 
/**
 * An endpoint to use instead of Bedrock Runtime's (chat); `None` follows
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL` and the AWS config. Settings saved
 * before this field existed meant one override for both, so they load with it copied from
 * `endpoint_url`.
 */
runtimeEndpointUrl?: string | null, 
/**
 * The picker's selection: a model id, a system profile id or an AIP ARN.
 */
selectedModelId: string | null, 
/**
 * Demo mode: auto, on or off.
 */
demoMode: DemoPreference, 
/**
 * Prompt caching: cache points on the system prompt and the conversation prefix, for
 * models that have it (on by default; settings saved before it existed load with it on).
 */
promptCaching: boolean, };

export type SettingsSnapshot = { 
/**
 * The settings in force.
 */
settings: Settings, 
/**
 * Set when stored settings could not be used and were backed up (says where).
 */
notice: string | null, 
/**
 * The file the settings are saved in.
 */
path: string, };

export type DemoReason = "flag" | "environment" | "setting" | "noCredentials";

export type ConnectionInfo = { 
/**
 * The region in use.
 */
region: string, 
/**
 * The credentials profile in use (`None`: the default chain).
 */
profile: string | null, 
/**
 * The Bedrock endpoint override in use, if any (not shown for demo mode's loopback emulator).
 */
endpointUrl: string | null, 
/**
 * The Bedrock Runtime endpoint override in use, if any (likewise).
 */
runtimeEndpointUrl?: string | null, 
/**
 * `Some` when calls go to the embedded emulator, with the reason.
 */
demo: DemoReason | null, };

export type EntryKind = "Foundation" | "SystemProfile" | "ApplicationProfile";

export type Tag = { 
/**
 * The tag key, e.g. `Project`.
 */
key: string, 
/**
 * The tag value, e.g. `Alpha`.
 */
value: string, };

export type Capabilities = { 
/**
 * Produces text, so it can chat.
 */
textOutput: boolean, 
/**
 * Supports streamed answers.
 */
streaming: boolean, 
/**
 * Accepts images in the prompt.
 */
imageInput: boolean, 
/**
 * Supports tool use through Converse; `None` when Strata does not know.
 */
toolUse: boolean | null, 
/**
 * Can be called directly by its id (foundation models offered only through inference
 * profiles cannot).
 */
onDemand: boolean, };

export type UnderlyingModel = { 
/**
 * Its foundation-model ARN, as the profile lists it.
 */
arn: string, 
/**
 * Its model id, e.g. `anthropic.claude-3-haiku-20240307-v1:0`.
 */
modelId: string, 
/**
 * The region of that ARN.
 */
region: string, 
/**
 * Its display name, when the region's model list knows it.
 */
name: string | null, };

export type EntryStatus = "ACTIVE" | "LEGACY" | { "OTHER": string };

export type ModelEntry = { 
/**
 * What goes in `modelId`: the model id, the system profile id, or the AIP's ARN.
 */
id: string, 
/**
 * Which kind of entry.
 */
kind: EntryKind, 
/**
 * Display name (the profile's name for AIPs).
 */
name: string, 
/**
 * The profile's description, if it has one.
 */
description: string | null, 
/**
 * The provider of the (underlying) model, e.g. `Anthropic`.
 */
provider: string | null, 
/**
 * The full ARN.
 */
arn: string, 
/**
 * The region it was listed in.
 */
region: string, 
/**
 * For profiles: the foundation models underneath, one per region it can route to.
 */
underlyingModels: Array<UnderlyingModel>, 
/**
 * For an AIP: the name of the model it copies (e.g. `Claude 3 Haiku`).
 */
baseModelName: string | null, 
/**
 * For system profiles: the geography it routes within (`US`, `EU`, `APAC`, `Global` …).
 */
geography: string | null, 
/**
 * Capabilities, inherited from the underlying model for profiles.
 */
capabilities: Capabilities, 
/**
 * Tags of an AIP; `None` until fetched (or for entries that have none).
 */
tags: Array<Tag> | null, 
/**
 * Whether the model is current or being retired (a profile's own status for profiles).
 */
status: EntryStatus, };

export type CatalogStats = { 
/**
 * Foundation models listed.
 */
foundationModels: number, 
/**
 * System-defined profiles listed.
 */
systemProfiles: number, 
/**
 * Application profiles listed (0 when the setting is off).
 */
applicationProfiles: number, 
/**
 * Pages fetched across the calls.
 */
pages: number, 
/**
 * Wall time of the load.
 */
elapsedMs: number, };

export type CatalogSection = "foundationModels" | "systemProfiles" | "applicationProfiles";

export type SectionError = { 
/**
 * Which listing failed.
 */
section: CatalogSection, 
/**
 * Why, with a hint.
 */
error: IpcError, };

export type Catalog = { 
/**
 * The region listed.
 */
region: string, 
/**
 * Whether application profiles were asked for.
 */
applicationProfilesIncluded: boolean, 
/**
 * Entries: application profiles first, then by provider, then by name.
 */
entries: Array<ModelEntry>, 
/**
 * When it was loaded, in milliseconds since the Unix epoch.
 */
loadedAtMs: number, 
/**
 * Counts of the load.
 */
stats: CatalogStats, 
/**
 * The listings that failed while others loaded (their entries are missing, not empty);
 * empty when the catalog is complete. Kept in the disk cache, so a partial catalog read back
 * is never taken for a complete one.
 */
sectionErrors: Array<SectionError>, };

export type ModelList = { 
/**
 * The catalog, if one was ever loaded for these settings (possibly from the disk cache).
 */
catalog: Catalog | null, 
/**
 * True when the catalog comes from the disk cache or the last refresh failed.
 */
stale: boolean, 
/**
 * The error of the last refresh, if it failed.
 */
error: IpcError | null, 
/**
 * Where calls go, once connected.
 */
connection: ConnectionInfo | null, };

export type AwsOptions = { 
/**
 * Profile names from the AWS config and credentials files.
 */
profiles: Array<string>, 
/**
 * Regions where Bedrock runs.
 */
regions: Array<string>, };

export type Role = "user" | "assistant";

export type AttachmentKind = "image" | "document";

export type Attachment = { 
/**
 * The file's name as the user chose it (a document's name sent to Bedrock is derived from
 * it, see `chat::attachments`).
 */
name: string, 
/**
 * Image or document.
 */
kind: AttachmentKind, 
/**
 * Bedrock's format word: `png`, `jpeg`, `gif`, `webp`, `pdf`, `csv`, `doc`, `docx`, `xls`,
 * `xlsx`, `html`, `txt`, `md`.
 */
format: string, 
/**
 * The file's bytes, base64 (standard alphabet, padded).
 */
data: string, 
/**
 * The file's size in bytes (of the decoded data).
 */
size: number, };

export type Reasoning = { 
/**
 * The reasoning text as it streamed.
 */
text: string, 
/**
 * The signature Bedrock sent with it; `None` while streaming or when it never came.
 */
signature: string | null, 
/**
 * Reasoning the model's provider encrypted (`redactedContent`), base64, sent back as it came.
 */
redacted: Array<string>, };

export type ServiceTier = "default" | "priority" | "flex" | "reserved";

export type ReasoningLevel = "off" | "low" | "medium" | "high";

export type PromptCacheSpec = { 
/**
 * The fewest tokens a prefix must have for a cache point to cache it (a shorter prefix is
 * simply not cached; the call still succeeds).
 */
minTokens: number, 
/**
 * The most cache points one request may carry.
 */
maxPoints: number, };

export type ReasoningSpec = { 
/**
 * The smallest budget Bedrock accepts (1,024 for Claude).
 */
minBudget: number, 
/**
 * The largest budget this model can take (below its max output tokens).
 */
maxBudget: number, 
/**
 * The budgets of low, medium and high, in tokens, each within `min_budget..=max_budget`.
 */
levels: [number, number, number], };

export type ModelFeatures = { 
/**
 * The foundation model these are the features of (`None` when the entry's model is not
 * known).
 */
modelId: string | null, 
/**
 * Whether Strata knows this model (false: [`ModelFeatures::unknown`]).
 */
known: boolean, 
/**
 * Prompt caching, where the model has it.
 */
promptCache: PromptCacheSpec | null, 
/**
 * Extended thinking, where the model has it.
 */
reasoning: ReasoningSpec | null, 
/**
 * The most output tokens a request may ask for (`maxTokens`), where known.
 */
maxOutputTokens: number | null, 
/**
 * The output tokens the model gives when `maxTokens` is not sent, where known.
 */
defaultMaxTokens: number | null, 
/**
 * Takes images (PNG, JPEG, GIF, WebP).
 */
imageInput: boolean, 
/**
 * Takes documents (PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD).
 */
documentInput: boolean, 
/**
 * Takes a system prompt.
 */
systemPrompt: boolean, 
/**
 * Takes `temperature`.
 */
temperature: boolean, 
/**
 * Takes `topP`.
 */
topP: boolean, 
/**
 * Takes `temperature` or `topP` but not both in one request (newer Claude models).
 */
temperatureOrTopP: boolean, 
/**
 * The most stop sequences a request may carry (0: none).
 */
maxStopSequences: number, 
/**
 * The tiers a request may ask for besides `default` (empty: only the default).
 */
serviceTiers: Array<ServiceTier>, };

export type ChatParameters = { 
/**
 * Sampling temperature, 0 to 1 (`None`: the model's default).
 */
temperature: number | null, 
/**
 * Nucleus sampling, 0 to 1 (`None`: the model's default).
 */
topP: number | null, 
/**
 * Texts that stop the answer.
 */
stopSequences: Array<string>, 
/**
 * Extended thinking: off, low, medium or high (the tokens come from the model).
 */
reasoning: ReasoningLevel, 
/**
 * The service tier (`None`: Bedrock's default).
 */
serviceTier: ServiceTier | null, };

export type ChatMessage = { 
/**
 * Who said it.
 */
role: Role, 
/**
 * What was said.
 */
text: string, 
/**
 * Files sent with a user message (none for answers).
 */
attachments: Array<Attachment>, 
/**
 * For answers: the reasoning before the text, sent back with its signature.
 */
reasoning?: Reasoning | null, };

export type ChatRequest = { 
/**
 * The catalog entry to call (model id, system profile id or application profile ARN; the
 * entry's name too, for `ChatService::start`).
 */
entryId: string, 
/**
 * Instructions for the model, if any.
 */
system: string | null, 
/**
 * The conversation, oldest first; the last message is the user's.
 */
messages: Array<ChatMessage>, 
/**
 * The most tokens the answer may have.
 */
maxTokens: number | null, 
/**
 * Sampling temperature, 0 to 1.
 */
temperature: number | null, 
/**
 * Nucleus sampling, 0 to 1.
 */
topP?: number | null, 
/**
 * Texts that stop the answer when the model writes them.
 */
stopSequences: Array<string>, 
/**
 * Extended thinking: the reasoning budget in tokens (`None`: off). The model must have
 * reasoning ([`super::ModelFeatures::reasoning`]) and the budget be within its limits.
 */
reasoningBudget?: number | null, 
/**
 * The service tier to ask for (`None`: Bedrock's default, and no `serviceTier` sent).
 */
serviceTier?: ServiceTier | null, 
/**
 * Put cache points on the system prompt and the conversation prefix, for models with prompt
 * caching (the setting "Prompt caching"; `strata chat --no-cache` turns it off).
 */
promptCache: boolean, 
/**
 * The saved conversation this turn belongs to: when the turn ends (completed, interrupted,
 * failed or ended early) the backend writes the answer into it, so that quitting or a crash
 * mid-answer still leaves the partial answer saved.
 */
conversationId?: string | null, };

export type TurnOutcome = "completed" | "interrupted" | "failed" | "endedEarly";

export type TurnUsage = { 
/**
 * Input tokens, as Bedrock counted them.
 */
inputTokens: number | null, 
/**
 * Output tokens, as Bedrock counted them.
 */
outputTokens: number | null, 
/**
 * From sending to the last event.
 */
latencyMs: number, 
/**
 * From sending to the first text of the answer (a reasoning turn's reasoning comes first
 * and does not count: this is the wait for the answer itself).
 */
ttftMs: number | null, 
/**
 * Estimated USD; `None` when unknown (never 0 for "unknown"). Cache reads and writes are
 * priced at their own rates and the service tier at its own (see `Price::cost_of`).
 */
costUsd: number | null, 
/**
 * The model that priced it.
 */
pricedAs: string | null, 
/**
 * Input tokens read from the prompt cache (`cacheReadInputTokens`); `None` when Bedrock
 * did not say.
 */
cacheReadTokens: number | null, 
/**
 * Input tokens written to the prompt cache (`cacheWriteInputTokens`).
 */
cacheWriteTokens: number | null, 
/**
 * Of the output tokens, those of the reasoning: Bedrock counts reasoning within
 * `outputTokens` and does not report it apart, so this is the output count apportioned by
 * the characters of reasoning and answer (`None` without reasoning).
 */
reasoningTokens: number | null, 
/**
 * The service tier Bedrock says served the turn (`None` when it did not say).
 */
serviceTier: ServiceTier | null, 
/**
 * What the prompt cache saved on this turn, in USD, against the same tokens all priced as
 * plain input (negative when a cache write cost more than it saved yet); `None` when
 * unknown or no cache was used.
 */
cacheSavedUsd: number | null, };

export type StopReason = "end_turn" | "tool_use" | "max_tokens" | "stop_sequence" | "guardrail_intervened" | "content_filtered" | "malformed_model_output" | "malformed_tool_use" | "model_context_window_exceeded" | { "other": string };

export type ChatEvent = { "type": "started", 
/**
 * The `modelId` sent.
 */
modelId: string, } | { "type": "reasoningDelta", 
/**
 * The new reasoning text.
 */
text: string, } | { "type": "reasoningSignature", 
/**
 * Bedrock's signature.
 */
signature: string, } | { "type": "reasoningRedacted", 
/**
 * The bytes, base64.
 */
data: string, } | { "type": "delta", 
/**
 * The new text.
 */
text: string, } | { "type": "stopped", 
/**
 * Bedrock's stop reason.
 */
reason: StopReason, } | { "type": "failed", 
/**
 * What happened, with a hint.
 */
error: IpcError, } | { "type": "finished", 
/**
 * How it ended.
 */
outcome: TurnOutcome, 
/**
 * Tokens, timing and cost.
 */
usage: TurnUsage, };

export type StoredUsage = { 
/**
 * Input tokens.
 */
inputTokens: number | null, 
/**
 * Output tokens.
 */
outputTokens: number | null, 
/**
 * Latency in ms.
 */
latencyMs: number, 
/**
 * Time to first token in ms.
 */
ttftMs: number | null, 
/**
 * Estimated USD, `None` when unknown.
 */
costUsd: number | null, 
/**
 * Input tokens read from the prompt cache.
 */
cacheReadTokens?: number | null, 
/**
 * Input tokens written to the prompt cache.
 */
cacheWriteTokens?: number | null, 
/**
 * Of the output tokens, those of the reasoning (apportioned; see `TurnUsage`).
 */
reasoningTokens?: number | null, 
/**
 * The service tier Bedrock says served the turn.
 */
serviceTier?: ServiceTier | null, 
/**
 * What the prompt cache saved on this turn, in USD (see `TurnUsage::cache_saved_usd`).
 */
cacheSavedUsd?: number | null, };

export type StoredMessage = { 
/**
 * Who said it.
 */
role: Role, 
/**
 * The text (partial for an interrupted or failed answer).
 */
text: string, 
/**
 * For answers: how the turn ended.
 */
outcome: TurnOutcome | null, 
/**
 * For answers: Bedrock's stop reason (`max_tokens` means the answer was cut).
 */
stopReason: StopReason | null, 
/**
 * For answers: tokens, timing and cost.
 */
usage: StoredUsage | null, 
/**
 * For failed turns: what went wrong, with its kind and hint (as the `failed` event said).
 */
error: IpcError | null, 
/**
 * For user messages: the files sent with it.
 */
attachments: Array<Attachment>, 
/**
 * For answers: the model's reasoning before the text (with its signature).
 */
reasoning?: Reasoning | null, };

export type Conversation = { 
/**
 * Its id.
 */
id: string, 
/**
 * A title (the start of the first message).
 */
title: string, 
/**
 * The entry it talks to.
 */
entryId: string, 
/**
 * That entry's name when the conversation started.
 */
entryName: string, 
/**
 * Instructions for the model.
 */
system: string | null, 
/**
 * The max-token limit of its answers.
 */
maxTokens: number | null, 
/**
 * Its other inference parameters (temperature, top-p, stop sequences, reasoning, tier).
 */
parameters: ChatParameters, 
/**
 * Created, ms since the epoch.
 */
createdMs: number, 
/**
 * Last changed, ms since the epoch.
 */
updatedMs: number, 
/**
 * The messages, oldest first.
 */
messages: Array<StoredMessage>, };

export type ChatFeatures = { 
/**
 * The entry asked about.
 */
entryId: string, 
/**
 * What its model can do.
 */
features: ModelFeatures, 
/**
 * The price a turn through it is estimated with; `None` when unpriced.
 */
price: PriceQuote | null, };

export type UsageTotal = { 
/**
 * The entry id, or the tag value.
 */
key: string, 
/**
 * A display label: the entry's name, or `KEY=VALUE`.
 */
label: string, 
/**
 * Turns counted.
 */
turns: number, 
/**
 * Input tokens.
 */
inputTokens: number, 
/**
 * Output tokens.
 */
outputTokens: number, 
/**
 * The sum of the known costs.
 */
costUsd: number, 
/**
 * Turns whose cost is unknown (not in the sum).
 */
unpricedTurns: number, };

export type UsageSummary = { 
/**
 * Totals per group, largest cost first.
 */
totals: Array<UsageTotal>, 
/**
 * Turns counted.
 */
turns: number, 
/**
 * Lines of the old `usage.jsonl` that could not be imported.
 */
damagedLines: number, 
/**
 * The database file.
 */
path: string, };

export type ProfileType = "APPLICATION" | "SYSTEM_DEFINED";

export type ProfileOrigin = { "type": "model", 
/**
 * The model id, e.g. `anthropic.claude-3-haiku-20240307-v1:0`.
 */
modelId: string, } | { "type": "crossRegion", 
/**
 * The system profile's id, e.g. `us.anthropic.claude-3-haiku-20240307-v1:0`.
 */
profileId: string, 
/**
 * Its geography (`US`, `EU`, `APAC`, `Global` …) when known.
 */
geography: string | null, } | { "type": "unknown" };

export type Profile = { 
/**
 * `inferenceProfileName`.
 */
name: string, 
/**
 * `inferenceProfileId` (12 lowercase alphanumerics for an application profile).
 */
id: string, 
/**
 * `inferenceProfileArn`.
 */
arn: string, 
/**
 * `description`, if it has one.
 */
description: string | null, 
/**
 * The region it lives in.
 */
region: string, 
/**
 * `type`.
 */
kind: ProfileType, 
/**
 * `status`.
 */
status: EntryStatus, 
/**
 * `createdAt`, as the AWS CLI prints it: `2024-08-13T18:50:28.527000+00:00` (UTC; no
 * fraction when it is zero).
 */
createdAt: string | null, 
/**
 * `updatedAt`, printed like `createdAt`.
 */
updatedAt: string | null, 
/**
 * `models[]`: the foundation models it routes to, one per region.
 */
models: Array<UnderlyingModel>, 
/**
 * What it copies (application profiles).
 */
origin: ProfileOrigin, 
/**
 * Its tags; `None` until fetched.
 */
tags: Array<Tag> | null, };

export type RegionProfiles = { 
/**
 * The region asked.
 */
region: string, 
/**
 * Its profiles (empty when `error` is set).
 */
profiles: Array<Profile>, 
/**
 * Why the region could not be listed.
 */
error: IpcError | null, };

export type ProfileDraft = { 
/**
 * `inferenceProfileName`.
 */
name: string, 
/**
 * `description`; empty means none.
 */
description: string, 
/**
 * What to copy: a foundation model or system profile ARN, a model id or a system profile
 * id (ids are resolved to the ARN of the current region).
 */
source: string, 
/**
 * The tags, in order.
 */
tags: Array<Tag>, };

export type DraftField = "name" | "description" | "source" | "tags" | "tagKey" | "tagValue";

export type FieldProblem = { 
/**
 * The field.
 */
field: DraftField, 
/**
 * For a tag's key or value: the tag's index in the draft.
 */
tagIndex: number | null, 
/**
 * What is wrong, in words, naming the character and its position when one is at fault.
 */
message: string, 
/**
 * The 0-based position (in characters) of the first offending character, if one is.
 */
position: number | null, 
/**
 * The nearest text AWS accepts, when one can be offered.
 */
suggestion: string | null, };

export type ProfileSource = { 
/**
 * The model id or system profile id.
 */
id: string, 
/**
 * The ARN that goes in `copyFrom`.
 */
arn: string, 
/**
 * The display name.
 */
name: string, 
/**
 * `Foundation` or `SystemProfile`.
 */
kind: EntryKind, 
/**
 * The model's provider, when known.
 */
provider: string | null, 
/**
 * A system profile's geography (`US`, `EU`, `APAC`, `Global` …).
 */
geography: string | null, 
/**
 * Why it cannot be copied (e.g. a model offered only through cross-region profiles);
 * `None` when it can.
 */
problem: string | null, };

export type ConversationRef = { 
/**
 * The conversation's id.
 */
id: string, 
/**
 * Its title.
 */
title: string, };

export type ProfileUse = { 
/**
 * It is the chat's current selection.
 */
selected: boolean, 
/**
 * Saved conversations that chat through it: (id, title).
 */
conversations: Array<ConversationRef>, };

export type DateText = string;

export type PeriodChoice = { "kind": "thisMonth" } | { "kind": "lastMonth" } | { "kind": "last7Days" } | { "kind": "last30Days" } | { "kind": "custom", 
/**
 * The first day counted, `YYYY-MM-DD`.
 */
from: string, 
/**
 * The first day no longer counted, `YYYY-MM-DD`.
 */
to: string, };

export type CostSource = "estimate" | "billed" | "both";

export type CostQuery = { 
/**
 * The days covered.
 */
period: PeriodChoice, 
/**
 * `profile`, `model` or `tag:KEY` ([`Grouping::parse`]).
 */
by: string, 
/**
 * Which figures.
 */
source: CostSource, 
/**
 * Ask Cost Explorer again even when a cached answer exists (one more $0.01 request).
 */
refresh: boolean, };

export type PriceSource = "BuiltIn" | "UserFile" | "PriceList";

export type Price = { 
/**
 * USD per million input tokens.
 */
inputPerMillion: number, 
/**
 * USD per million output tokens.
 */
outputPerMillion: number, 
/**
 * USD per million input tokens read from the prompt cache, where published.
 */
cacheReadPerMillion?: number | null, 
/**
 * USD per million input tokens written to the prompt cache (the default 5-minute cache),
 * where published.
 */
cacheWritePerMillion?: number | null, };

export type PriceQuote = { 
/**
 * The price.
 */
price: Price, 
/**
 * The date (`YYYY-MM-DD`) the price was taken from its source; `None` for the user's file.
 */
asOf: string | null, 
/**
 * Built-in, the Price List or the user's file.
 */
source: PriceSource, 
/**
 * What the figure is: the published page it was taken from, or the user's file.
 */
note: string, };

export type PriceBasis = { 
/**
 * Built-in or the user's file; `None` for turns recorded before Strata kept it.
 */
source: PriceSource | null, 
/**
 * The table's date (`YYYY-MM-DD`), when it has one.
 */
asOf: string | null, 
/**
 * Priced turns of the period that used it.
 */
turns: number, };

export type EstimateBasis = { 
/**
 * Each turn's cost is the one the ledger recorded when the turn ran, with the price table
 * in effect then, so a change of prices does not alter past turns.
 */
pricedWhenRecorded: boolean, 
/**
 * The price tables the period's priced turns were priced with (built-in of date X, the
 * user's `prices.json`), with how many turns each; turns recorded before Strata kept the
 * table are counted under a `None` source.
 */
priceSources: Array<PriceBasis>, 
/**
 * When the first priced turn of the period ended (ms since the Unix epoch).
 */
firstPricedMs: number | null, 
/**
 * When the last priced turn of the period ended.
 */
lastPricedMs: number | null, 
/**
 * Rows of the period the ledger could not read (not counted anywhere above).
 */
unreadableTurns: number, };

export type GroupEstimate = { 
/**
 * The profile ARN (or entry id), the model id, or the tag value (or `(KEY not set)`).
 */
key: string, 
/**
 * The sum of the turns whose cost is known; `None` when no turn of the group has one
 * (never 0 for "unknown").
 */
estimatedUsd: number | null, 
/**
 * What AWS billed: never filled from the ledger (`None`); the billed side sets it.
 */
billedUsd: number | null, 
/**
 * Input tokens, as Bedrock counted them.
 */
inputTokens: number, 
/**
 * Output tokens.
 */
outputTokens: number, 
/**
 * Turns counted, priced or not.
 */
turns: number, 
/**
 * Turns whose cost is unknown (no price for the model, or no token counts): not in
 * `estimated_usd`.
 */
unknownCostTurns: number, };

export type DayGroup = { 
/**
 * The group's key (as in [`GroupEstimate::key`]).
 */
key: string, 
/**
 * The known costs of the group's turns that day; `None` when none is known.
 */
estimatedUsd: number | null, 
/**
 * The group's turns that day.
 */
turns: number, 
/**
 * Of which with an unknown cost.
 */
unknownCostTurns: number, };

export type DayEstimate = { 
/**
 * The day, UTC.
 */
date: DateText, 
/**
 * The groups with turns that day, in the order of [`Estimate::groups`]; empty on a day
 * without turns.
 */
groups: Array<DayGroup>, };

export type Estimate = { 
/**
 * The first day counted (`YYYY-MM-DD`, UTC).
 */
from: DateText, 
/**
 * The first day no longer counted.
 */
to: DateText, 
/**
 * The grouping: `profile`, `model` or `tag:KEY`.
 */
by: string, 
/**
 * Always `USD`: Bedrock prices and the ledger are in US dollars.
 */
currency: string, 
/**
 * The groups: largest known estimate first, groups with no known cost last, then by key.
 */
groups: Array<GroupEstimate>, 
/**
 * Every day of the period, oldest first.
 */
days: Array<DayEstimate>, 
/**
 * All groups together (`key` is `total`).
 */
totals: GroupEstimate, 
/**
 * Where the figures come from.
 */
basis: EstimateBasis, };

export type ServiceCost = { 
/**
 * The service name as Cost Explorer gives it (`Amazon Bedrock`,
 * `Claude 3.5 Sonnet (Amazon Bedrock Edition)`).
 */
service: string, 
/**
 * Its unblended cost in the period, USD.
 */
billedUsd: number, };

export type BilledGroup = { 
/**
 * The tag value; spend without the tag (Cost Explorer's `Project$`) is under
 * [`Grouping::untagged_key`](super::Grouping::untagged_key), as in the estimate.
 */
key: string, 
/**
 * The group's unblended cost over the Bedrock services, USD.
 */
billedUsd: number, 
/**
 * Per service, largest first.
 */
services: Array<ServiceCost>, };

export type Billed = { 
/**
 * The first day counted, `YYYY-MM-DD`.
 */
from: DateText, 
/**
 * The first day no longer counted.
 */
to: DateText, 
/**
 * The tag key grouped by.
 */
tagKey: string, 
/**
 * The account the bill is for.
 */
account: string, 
/**
 * The groups, largest first.
 */
groups: Array<BilledGroup>, 
/**
 * All Bedrock services together, USD.
 */
totalUsd: number, 
/**
 * Cost Explorer marked part of the period as estimated (not final yet).
 */
estimatedByAws: boolean, 
/**
 * When Cost Explorer answered (ms since the Unix epoch).
 */
fetchedMs: number, 
/**
 * The answer came from the cache (no request was made, nothing was charged).
 */
fromCache: boolean, 
/**
 * How many Cost Explorer requests the answer took when it was fetched (each $0.01).
 */
requests: number, };

export type BilledGap = "notByTag" | "noPermission" | "apiKey" | "failed";

export type BilledSide = { "state": "notAsked" } | { "state": "available", 
/**
 * The bill.
 */
billed: Billed, } | { "state": "unavailable", 
/**
 * Which case it is.
 */
gap: BilledGap, 
/**
 * The message and what to do (for `NoPermission`, the IAM statement).
 */
error: IpcError, };

export type CostReport = { 
/**
 * The ledger's estimate.
 */
estimate: Estimate, 
/**
 * Cost Explorer's side, or why it is missing.
 */
billed: BilledSide, };

export type CsvExport = { 
/**
 * The file written.
 */
path: string, 
/**
 * Its lines after the header (one per group).
 */
rows: number, };

export type CallerIdentity = { 
/**
 * The 12-digit account id.
 */
account: string, 
/**
 * The principal's ARN (user, assumed role, federated user).
 */
arn: string, 
/**
 * The principal's unique id.
 */
userId: string, };

export type ActivationStatus = "active" | "inactive" | "notSeen";

export type TagActivation = { 
/**
 * The tag key.
 */
key: string, 
/**
 * Its status.
 */
status: ActivationStatus, 
/**
 * How many of the region's application profiles carry it.
 */
profiles: number, 
/**
 * When its status last changed (`YYYY-MM-DDTHH:MM:SSZ`, as AWS gives it).
 */
lastUpdated: string | null, 
/**
 * When billing last saw it used (`YYYY-MM-DD…`, as AWS gives it).
 */
lastUsed: string | null, };

export type BudgetDraft = { 
/**
 * The budget's name (AWS: 1–100 characters, no `:` or `\`).
 */
name: string, 
/**
 * The monthly limit, USD.
 */
monthlyUsd: number, 
/**
 * The tag value it is limited to (a cost allocation tag); `None` for all Bedrock spend.
 */
tag: Tag | null, 
/**
 * Who is e-mailed (at most 10 per notification, as AWS allows).
 */
emails: Array<string>, 
/**
 * When, in percent of the limit of actual spend (80 and 100 when empty).
 */
thresholdsPercent: Array<number>, };

export type BillingAlarmDraft = { 
/**
 * The alarm's name.
 */
name: string, 
/**
 * The estimated charges that set it off, USD.
 */
thresholdUsd: number, };

export type AlertKind = "budget" | "billingAlarm";

export type Alert = { 
/**
 * Its name.
 */
name: string, 
/**
 * Budget or billing alarm.
 */
kind: AlertKind, 
/**
 * The monthly limit (budget) or the threshold (alarm), USD.
 */
limitUsd: number, 
/**
 * The tag value a budget is limited to.
 */
tag: Tag | null, 
/**
 * What it covers, in words ("Project = Alpha", "All of the account's Bedrock spend: the
 * billing metric has no tag dimension").
 */
scope: string, 
/**
 * A budget's notification thresholds, percent.
 */
thresholdsPercent: Array<number>, 
/**
 * Who is e-mailed.
 */
emails: Array<string>, 
/**
 * A budget's spend so far this month, as AWS calculated it; `None` when AWS gave none.
 */
actualUsd: number | null, 
/**
 * An alarm's state (`OK`, `ALARM`, `INSUFFICIENT_DATA`).
 */
state: string | null, };

export type PriceListRefresh = { 
/**
 * The Price List's publication date of the prices (`YYYY-MM-DD`).
 */
asOf: string, 
/**
 * When they were fetched (ms since the Unix epoch).
 */
fetchedMs: number, 
/**
 * Models now priced from the Price List.
 */
models: number, 
/**
 * Products seen whose model could not be named with certainty (left out, not guessed).
 */
unmapped: number, 
/**
 * Where the cache is.
 */
path: string, };

export type CheckId = "setting" | "credentials" | "identity" | "region" | "profile" | "permissions" | "model-source" | "tags" | "network";

export type CheckStatus = "pass" | "warn" | "fail" | "skipped";

export type FixAction = { "kind": "enableInferenceProfiles" } | { "kind": "switchRegion", 
/**
 * The region to use.
 */
region: string, } | { "kind": "activateCostTags", 
/**
 * The keys, as the profiles carry them.
 */
keys: Array<string>, } | { "kind": "openAwsSettings" };

export type Check = { 
/**
 * Which check.
 */
id: CheckId, 
/**
 * How it came out.
 */
status: CheckStatus, 
/**
 * One line: what was found ("Enable Inference Profiles is off: application profiles are
 * not listed.").
 */
finding: string, 
/**
 * What to do, in words (a command to run, a setting to change); `None` when nothing is to
 * be done.
 */
fix: string | null, 
/**
 * The fix, when the app can apply it itself.
 */
action: FixAction | null, 
/**
 * An IAM policy statement that grants what is missing, ready to copy (JSON).
 */
policy: string | null, 
/**
 * What it looked at, a line each ("credentials source: SSO session corp of profile dev",
 * "ListInferenceProfiles in us-east-1: 3 application profiles").
 */
details: Array<string>, };

export type DoctorRequest = { 
/**
 * A profile's id, ARN or name ("why is this one missing?"); `None`: "my profiles are
 * missing", the application profiles of the region as a whole.
 */
profileIdentifier?: string | null, 
/**
 * The `copyFrom` of a profile that cannot be created (model id, system profile id or ARN);
 * `model-source` is skipped without it.
 */
modelSource?: string | null, 
/**
 * Only these checks (the picker's inline findings); `None`: all of them.
 */
checks?: Array<CheckId> | null, };

export type DoctorEvent = { "event": "started", 
/**
 * In the order they are shown.
 */
checks: Array<CheckId>, } | { "event": "finished", 
/**
 * Its outcome.
 */
check: Check, };

export type DoctorReport = { 
/**
 * The checks run (skipped ones included).
 */
checks: Array<Check>, };

/** The backend's app-wide broadcast channel; its payloads are `AppEvent`. */
export const APP_EVENT = "strata://event";

/** Every `IpcErrorKind`, to tell a typed rejection from anything else at run time. */
export const IPC_ERROR_KINDS: readonly IpcErrorKind[] = ["NoCredentials", "ExpiredCredentials", "BrokenCredentials", "AccessDenied", "RegionMismatch", "Throttled", "QuotaExceeded", "Network", "NotFound", "Validation", "Conflict", "Internal"];

/** Every command the UI may call: its arguments (camelCase, as `invoke` takes them) and what it resolves to. */
export type Commands = {
  app_info: { args: Record<string, never>; value: AppInfo };
  recent_logs: { args: Record<string, never>; value: Array<LogLine> };
  open_devtools: { args: Record<string, never>; value: void };
  get_settings: { args: Record<string, never>; value: SettingsSnapshot };
  update_settings: { args: { settings: Settings }; value: SettingsSnapshot };
  aws_options: { args: Record<string, never>; value: AwsOptions };
  list_models: { args: { refresh: boolean }; value: ModelList };
  refresh_models: { args: Record<string, never>; value: ModelList };
  start_chat: { args: { request: ChatRequest; onEvent: Channel<ChatEvent> }; value: string };
  cancel_chat: { args: { requestId: string }; value: boolean };
  chat_features: { args: { entryId: string }; value: ChatFeatures };
  list_conversations: { args: Record<string, never>; value: Array<Conversation> };
  save_conversation: { args: { conversation: Conversation }; value: void };
  delete_conversation: { args: { id: string }; value: boolean };
  usage_totals: { args: { tagKey: string | null }; value: UsageSummary };
  list_profiles: { args: { allRegions: boolean }; value: Array<RegionProfiles> };
  profile_sources: { args: Record<string, never>; value: Array<ProfileSource> };
  create_profile: { args: { draft: ProfileDraft; clientRequestToken: string }; value: Profile };
  tag_profile: { args: { arn: string; tags: Array<Tag> }; value: Profile };
  untag_profile: { args: { arn: string; tagKeys: Array<string> }; value: Profile };
  delete_profile: { args: { arn: string }; value: void };
  profile_use: { args: { arn: string }; value: ProfileUse };
  costs_report: { args: { query: CostQuery }; value: CostReport };
  export_costs_csv: { args: { query: CostQuery }; value: CsvExport };
  costs_identity: { args: Record<string, never>; value: CallerIdentity };
  cost_tags: { args: Record<string, never>; value: Array<TagActivation> };
  activate_cost_tags: { args: { keys: Array<string> }; value: Array<TagActivation> };
  list_alerts: { args: Record<string, never>; value: Array<Alert> };
  create_budget: { args: { draft: BudgetDraft }; value: Alert };
  create_billing_alarm: { args: { draft: BillingAlarmDraft }; value: Alert };
  delete_alert: { args: { name: string }; value: Alert };
  refresh_prices: { args: Record<string, never>; value: PriceListRefresh };
  run_doctor: { args: { request: DoctorRequest; onEvent: Channel<DoctorEvent> }; value: DoctorReport };
};

/** The command names, in the order of `src-tauri/src/commands/table.rs`. */
export const COMMANDS = ["app_info", "recent_logs", "open_devtools", "get_settings", "update_settings", "aws_options", "list_models", "refresh_models", "start_chat", "cancel_chat", "chat_features", "list_conversations", "save_conversation", "delete_conversation", "usage_totals", "list_profiles", "profile_sources", "create_profile", "tag_profile", "untag_profile", "delete_profile", "profile_use", "costs_report", "export_costs_csv", "costs_identity", "cost_tags", "activate_cost_tags", "list_alerts", "create_budget", "create_billing_alarm", "delete_alert", "refresh_prices", "run_doctor"] as const;

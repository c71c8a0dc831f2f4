// The only module that talks to the Tauri backend. Components import typed functions from here;
// they never call `invoke` or `listen` themselves. The command names, their argument and result
// types, the event name and the error kinds come from the Rust side (`./bindings`, generated).
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { APP_EVENT, IPC_ERROR_KINDS } from './bindings';
import type {
  Alert,
  BillingAlarmDraft,
  BudgetDraft,
  CallerIdentity,
  CostQuery,
  CostReport,
  CsvExport,
  DoctorEvent,
  DoctorReport,
  DoctorRequest,
  PriceListRefresh,
  TagActivation,
  AppEvent,
  AppInfo,
  AwsOptions,
  ChatEvent,
  ChatFeatures,
  ChatRequest,
  Commands,
  Conversation,
  UsageSummary,
  IpcError,
  IpcErrorKind,
  LogLine,
  ModelList,
  Profile,
  ProfileDraft,
  ProfileSource,
  ProfileUse,
  RegionProfiles,
  Settings,
  SettingsSnapshot,
  Tag,
} from './bindings';

export { APP_EVENT };

/** A command the backend has (see `src-tauri/src/commands/table.rs`). */
export type Command = keyof Commands;
/** What `command` takes; a command without arguments takes none. */
type ArgsOf<C extends Command> = Commands[C]['args'] extends Record<string, never> ? [] : [Commands[C]['args']];

const KINDS: ReadonlySet<string> = new Set<string>(IPC_ERROR_KINDS);

/** Normalises anything a command can reject with into an `IpcError`. */
export function toIpcError(e: unknown): IpcError {
  if (typeof e === 'object' && e !== null && 'kind' in e && 'message' in e) {
    const { kind, message, hint } = e as { kind: unknown; message: unknown; hint?: unknown };
    if (typeof kind === 'string' && KINDS.has(kind) && typeof message === 'string') {
      return { kind: kind as IpcErrorKind, message, hint: typeof hint === 'string' ? hint : null };
    }
  }
  // Tauri itself rejects with a plain string, e.g. when a permission is missing.
  return { kind: 'Internal', message: typeof e === 'string' ? e : String(e), hint: null };
}

async function call<C extends Command>(command: C, ...args: ArgsOf<C>): Promise<Commands[C]['value']> {
  try {
    return await invoke<Commands[C]['value']>(command, args[0]);
  } catch (e) {
    throw toIpcError(e);
  }
}

/** Version, build, log location and mode, for the About dialog and the status bar. */
export function appInfo(): Promise<AppInfo> {
  return call('app_info');
}

/** The backend's recent log lines, oldest first. */
export function recentLogs(): Promise<LogLine[]> {
  return call('recent_logs');
}

/** Opens the web inspector (developer tools). */
export function openDevtools(): Promise<void> {
  return call('open_devtools');
}

/** The settings in force, with any notice about how they were loaded. */
export function getSettings(): Promise<SettingsSnapshot> {
  return call('get_settings');
}

/** Validates, saves and applies settings; rejects with a `Validation` error naming the bad field. */
export function updateSettings(settings: Settings): Promise<SettingsSnapshot> {
  return call('update_settings', { settings });
}

/** Profiles from the AWS config files, and the regions where Bedrock runs. */
export function awsOptions(): Promise<AwsOptions> {
  return call('aws_options');
}

/**
 * The model list: at once from memory or the disk cache (then refreshed in the background, the
 * result arriving as a `catalog` event), or loaded now with `refresh`.
 */
export function listModels(refresh = false): Promise<ModelList> {
  return call('list_models', { refresh });
}

/** Loads the model list from Bedrock now. */
export function refreshModels(): Promise<ModelList> {
  return call('refresh_models');
}

/**
 * Starts a streamed chat turn; resolves to its request id once Bedrock has it. `onEvent` gets
 * `started`, `delta`…, `stopped`, `failed` and `finished`, in order. Rejects (with nothing sent)
 * when the request is invalid or the entry is not in the list.
 */
export function startChat(request: ChatRequest, onEvent: (event: ChatEvent) => void): Promise<string> {
  const channel = new Channel<ChatEvent>();
  channel.onmessage = onEvent;
  return call('start_chat', { request, onEvent: channel });
}

/** Stops a running turn (the partial answer is kept); false when it had already ended. */
export function cancelChat(requestId: string): Promise<boolean> {
  return call('cancel_chat', { requestId });
}

/**
 * What a chat through an entry can do (prompt caching, reasoning budgets, images and documents,
 * parameters, service tiers) and the price its turns are estimated with.
 */
export function chatFeatures(entryId: string): Promise<ChatFeatures> {
  return call('chat_features', { entryId });
}

export function listConversations(): Promise<Conversation[]> {
  return call('list_conversations');
}

export function saveConversation(conversation: Conversation): Promise<void> {
  return call('save_conversation', { conversation });
}

export function deleteConversation(id: string): Promise<boolean> {
  return call('delete_conversation', { id });
}

/** Usage totals from the ledger, by entry or by the value of a tag key. */
export function usageTotals(tagKey: string | null = null): Promise<UsageSummary> {
  return call('usage_totals', { tagKey });
}

/** The region's application profiles, or (`allRegions`) every Bedrock region's, each with its own error. */
export function listProfiles(allRegions = false): Promise<RegionProfiles[]> {
  return call('list_profiles', { allRegions });
}

/** What a new profile can copy in the region: foundation models and cross-region profiles. */
export function profileSources(): Promise<ProfileSource[]> {
  return call('profile_sources');
}

/**
 * Creates an application profile. The same `clientRequestToken` for the same draft makes a retry
 * (after a timeout, a double click) return the one profile instead of making a second.
 */
export function createProfile(draft: ProfileDraft, clientRequestToken: string): Promise<Profile> {
  return call('create_profile', { draft, clientRequestToken });
}

/** Adds tags to a profile, or changes the values of its keys. */
export function tagProfile(arn: string, tags: Tag[]): Promise<Profile> {
  return call('tag_profile', { arn, tags });
}

/** Removes tags from a profile by key. */
export function untagProfile(arn: string, tagKeys: string[]): Promise<Profile> {
  return call('untag_profile', { arn, tagKeys });
}

/** Deletes an application profile. */
export function deleteProfile(arn: string): Promise<void> {
  return call('delete_profile', { arn });
}

/** Who uses a profile (the chat's selection, saved conversations), asked before a delete. */
export function profileUse(arn: string): Promise<ProfileUse> {
  return call('profile_use', { arn });
}

/** Subscribes to the backend's broadcasts; resolves to the function that unsubscribes. */
export function onAppEvent(handler: (event: AppEvent) => void): Promise<UnlistenFn> {
  return listen<AppEvent>(APP_EVENT, (e) => handler(e.payload));
}

/** The estimate of a period (from the ledger) and, when `query.source` asks, Cost Explorer's bill. */
export function costsReport(query: CostQuery): Promise<CostReport> {
  return call('costs_report', { query });
}

/** Writes the estimate's table as CSV (Downloads, else the data folder's `exports/`). */
export function exportCostsCsv(query: CostQuery): Promise<CsvExport> {
  return call('export_costs_csv', { query });
}

/** The account and principal the figures belong to (STS GetCallerIdentity). */
export function costsIdentity(): Promise<CallerIdentity> {
  return call('costs_identity');
}

/** The cost allocation status of every tag key on the region's profiles. */
export function costTags(): Promise<TagActivation[]> {
  return call('cost_tags');
}

/** Activates tag keys for cost allocation (AWS takes up to 24 hours to apply it). */
export function activateCostTags(keys: string[]): Promise<TagActivation[]> {
  return call('activate_cost_tags', { keys });
}

/** The budgets and billing alarms Strata made. */
export function listAlerts(): Promise<Alert[]> {
  return call('list_alerts');
}

/** Creates a budget, for one tag value or all Bedrock spend. */
export function createBudget(draft: BudgetDraft): Promise<Alert> {
  return call('create_budget', { draft });
}

/** Creates the CloudWatch billing alarm (all of the account's Bedrock spend: no tag dimension). */
export function createBillingAlarm(draft: BillingAlarmDraft): Promise<Alert> {
  return call('create_billing_alarm', { draft });
}

/** Deletes an alert Strata made, by name. */
export function deleteAlert(name: string): Promise<Alert> {
  return call('delete_alert', { name });
}

/** Fetches the region's Bedrock prices from AWS's Price List and uses them from now on. */
export function refreshPrices(): Promise<PriceListRefresh> {
  return call('refresh_prices');
}

/**
 * Runs the doctor's checks; `onEvent` hears each one start and finish (in the order they
 * finish), and the promise resolves to the whole report. Rejects only on an identifier AWS
 * would refuse.
 */
export function runDoctor(request: DoctorRequest, onEvent: (event: DoctorEvent) => void): Promise<DoctorReport> {
  const channel = new Channel<DoctorEvent>();
  channel.onmessage = onEvent;
  return call('run_doctor', { request, onEvent: channel });
}

// What the Doctor shows about its checks: their names in the user's words, which checks answer
// which error, how an action's button reads, and what changed between two runs.
import type { Check, CheckId, CheckStatus, FixAction, IpcErrorKind } from '../bindings';

/** Every check, in the order the backend runs and reports them (`CheckId::ALL`). */
export const CHECK_ORDER: readonly CheckId[] = [
  'setting',
  'credentials',
  'identity',
  'region',
  'profile',
  'permissions',
  'model-source',
  'tags',
  'network',
];

export const CHECK_LABEL: Record<CheckId, string> = {
  setting: 'Enable Inference Profiles',
  credentials: 'Credentials',
  identity: 'Account and principal',
  region: 'Region',
  profile: 'Profile lookup',
  permissions: 'IAM permissions',
  'model-source': 'Model source',
  tags: 'Cost allocation tags',
  network: 'Network',
};

/** The word beside each status icon: the status is never told by colour alone. */
export const STATUS_WORD: Record<CheckStatus | 'running', string> = {
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  skipped: 'Skipped',
  running: 'Checking…',
};

/**
 * The checks that answer an error of `kind`; `null`: all of them (an error no single check
 * explains, such as a throttle or an internal error).
 */
export function checksFor(kind: IpcErrorKind): CheckId[] | null {
  switch (kind) {
    case 'NoCredentials':
    case 'ExpiredCredentials':
    case 'BrokenCredentials':
      return ['credentials', 'identity'];
    case 'AccessDenied':
      return ['permissions', 'identity'];
    case 'RegionMismatch':
    case 'NotFound':
      return ['profile', 'region'];
    case 'Network':
      return ['network'];
    default:
      return null;
  }
}

/** The text of an action's button. */
export function actionLabel(action: FixAction): string {
  switch (action.kind) {
    case 'enableInferenceProfiles':
      return 'Turn it on';
    case 'switchRegion':
      return `Switch to ${action.region}`;
    case 'activateCostTags':
      return `Activate ${action.keys.join(', ')}`;
    case 'openAwsSettings':
      return 'Open AWS Settings';
  }
}

/** What a fix did, in a few words ("Turned on Enable Inference Profiles"). */
export function actionDone(action: FixAction): string {
  switch (action.kind) {
    case 'enableInferenceProfiles':
      return 'Turned on Enable Inference Profiles';
    case 'switchRegion':
      return `Switched to ${action.region}`;
    case 'activateCostTags':
      return `Activated ${action.keys.join(', ')} for cost allocation`;
    case 'openAwsSettings':
      return 'Opened AWS Settings';
  }
}

/** Problems first in the summary: fails, then warns. */
export function problems(checks: readonly Check[]): Check[] {
  return [...checks.filter((c) => c.status === 'fail'), ...checks.filter((c) => c.status === 'warn')];
}

/**
 * What changed between two runs, a line per check whose status moved ("Profile lookup: Fail →
 * Pass"), in `CHECK_ORDER`; empty when nothing did.
 */
export function changes(before: readonly Check[], after: readonly Check[]): string[] {
  const old = new Map(before.map((c) => [c.id, c.status]));
  return CHECK_ORDER.flatMap((id) => {
    const now = after.find((c) => c.id === id);
    const was = old.get(id);
    if (!now || !was || was === now.status) return [];
    return [`${CHECK_LABEL[id]}: ${STATUS_WORD[was]} → ${STATUS_WORD[now.status]}`];
  });
}

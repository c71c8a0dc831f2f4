// The rules an alert draft must meet, checked as the backend (and AWS) check them, so a mistake
// is named before any request: Budgets' name rule, a positive amount, e-mail addresses, thresholds.
import type { BillingAlarmDraft, BudgetDraft } from '../bindings';
import { checkTagKey, checkTagValue } from '../profiles/rules';

export const BUDGET_NAME_MAX = 100;
export const ALARM_NAME_MAX = 255;
export const EMAILS_MAX = 10;
export const DEFAULT_THRESHOLDS = '80, 100';

/** A problem of one field of a form. */
export interface FormProblem {
  field: string;
  message: string;
}

// AWS Budgets checks only a local part, an "@" and a dotted domain; so does this.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The words of a list typed with commas, semicolons, spaces or new lines. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** What is wrong with a budget's name (1–100 characters, no `:` or `\`), or null. */
export function checkBudgetName(name: string): string | null {
  const chars = Array.from(name);
  if (name.trim() === '') return 'Name is required.';
  if (chars.length > BUDGET_NAME_MAX) return `Name is ${chars.length} characters long; at most ${BUDGET_NAME_MAX} are allowed.`;
  const bad = chars.findIndex((c) => c === ':' || c === '\\');
  if (bad >= 0) return `Name: "${chars[bad]}" at character ${bad + 1} is not allowed (AWS Budgets forbids ":" and "\\").`;
  return null;
}

/** What is wrong with an alarm's name (CloudWatch: 1–255 characters), or null. */
export function checkAlarmName(name: string): string | null {
  const chars = Array.from(name);
  if (name.trim() === '') return 'Name is required.';
  if (chars.length > ALARM_NAME_MAX) return `Name is ${chars.length} characters long; at most ${ALARM_NAME_MAX} are allowed.`;
  return null;
}

/** A positive amount of US dollars from what was typed, or why not. */
export function parseAmount(text: string, label: string): { value: number } | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: `${label} is required.` };
  if (!/^\d+(\.\d+)?$/.test(t)) return { problem: `${label} must be a number of US dollars, like 100 or 25.50.` };
  const value = Number(t);
  if (!(value > 0)) return { problem: `${label} must be more than $0.` };
  return { value };
}

/** The budget form as typed. */
export interface BudgetForm {
  name: string;
  tagKey: string;
  tagValue: string;
  monthlyUsd: string;
  emails: string;
  thresholds: string;
}

/** The alarm form as typed. */
export interface AlarmForm {
  name: string;
  thresholdUsd: string;
}

/** The budget draft, or every problem of the form (each under its field). */
export function budgetDraft(form: BudgetForm): { draft: BudgetDraft } | { problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const name = checkBudgetName(form.name);
  if (name) problems.push({ field: 'name', message: name });
  const key = form.tagKey.trim();
  if (key === '') problems.push({ field: 'tagKey', message: 'Tag key is required: the budget is for one tag value.' });
  else {
    const p = checkTagKey(key);
    if (p) problems.push({ field: 'tagKey', message: p.message });
  }
  const value = form.tagValue.trim();
  if (value === '') problems.push({ field: 'tagValue', message: 'Tag value is required.' });
  else {
    const p = checkTagValue(value);
    if (p) problems.push({ field: 'tagValue', message: p.message });
  }
  const amount = parseAmount(form.monthlyUsd, 'Monthly limit');
  if ('problem' in amount) problems.push({ field: 'monthlyUsd', message: amount.problem });
  const emails = splitList(form.emails);
  const badEmail = emails.find((e) => !EMAIL.test(e));
  if (badEmail !== undefined) problems.push({ field: 'emails', message: `"${badEmail}" is not an e-mail address.` });
  else if (emails.length > EMAILS_MAX) problems.push({ field: 'emails', message: `${emails.length} addresses; AWS e-mails at most ${EMAILS_MAX}.` });
  const thresholds: number[] = [];
  for (const t of splitList(form.thresholds.replaceAll('%', ''))) {
    const n = Number(t);
    if (!/^\d+(\.\d+)?$/.test(t) || !(n > 0)) {
      problems.push({ field: 'thresholds', message: `"${t}" is not a percentage above 0.` });
      break;
    }
    if (!thresholds.includes(n)) thresholds.push(n);
  }
  if (problems.length > 0 || 'problem' in amount) return { problems };
  return {
    draft: {
      name: form.name.trim(),
      monthlyUsd: amount.value,
      tag: { key, value },
      emails,
      thresholdsPercent: thresholds.sort((a, b) => a - b),
    },
  };
}

/** The alarm draft, or every problem of the form. */
export function alarmDraft(form: AlarmForm): { draft: BillingAlarmDraft } | { problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const name = checkAlarmName(form.name);
  if (name) problems.push({ field: 'name', message: name });
  const amount = parseAmount(form.thresholdUsd, 'Threshold');
  if ('problem' in amount) problems.push({ field: 'thresholdUsd', message: amount.problem });
  if (problems.length > 0 || 'problem' in amount) return { problems };
  return { draft: { name: form.name.trim(), thresholdUsd: amount.value } };
}

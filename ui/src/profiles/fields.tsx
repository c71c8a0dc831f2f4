// A field's rule and problem as the form shows them: the rule in words, what is wrong with the
// offending character marked where it is, and a "Use: …" button applying the nearest valid text.
import type { FieldProblem } from '../bindings';

/** The value with the character at `position` marked (or a marker after the end). */
export function Marked({ value, position }: { value: string; position: number }) {
  const chars = Array.from(value);
  const before = chars.slice(0, position).join('');
  const at = chars[position];
  const after = chars.slice(position + 1).join('');
  return (
    <code className="font-mono text-xs break-all whitespace-pre-wrap" aria-hidden>
      {before}
      <mark className="rounded-sm bg-danger/20 px-px text-danger">{at === undefined ? '␣' : at === ' ' ? '·' : at}</mark>
      {after}
    </code>
  );
}

export function ProblemText({
  id,
  problem,
  value,
  onUse,
}: {
  id: string;
  problem: FieldProblem | null | undefined;
  value: string;
  onUse: (text: string) => void;
}) {
  if (!problem) return null;
  const show = problem.position !== null && problem.position < Array.from(value).length + 1 && value !== '';
  return (
    <div id={id} className="mt-1 flex flex-col gap-1 text-xs text-danger" data-field-problem={problem.field}>
      <span>{problem.message}</span>
      {show && problem.position !== null && <Marked value={value} position={problem.position} />}
      {problem.suggestion !== null && (
        <span className="flex flex-wrap items-center gap-1 text-ink">
          <button
            type="button"
            onClick={() => onUse(problem.suggestion ?? '')}
            className="rounded border border-line bg-surface px-1.5 py-0.5 hover:bg-raised"
            aria-label={`Use: ${problem.suggestion}`}
          >
            Use: <span className="font-mono">{problem.suggestion === '' ? '(empty)' : problem.suggestion}</span>
          </button>
        </span>
      )}
    </div>
  );
}

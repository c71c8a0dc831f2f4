// The table beside the chart: per group the estimate, what AWS billed and the difference (once
// fetched), tokens and turns, sortable by any column. Unknown cost reads "unknown", never $0.
import { useState } from 'react';
import type { Estimate } from '../bindings';
import { difference, formatDifference, formatUsd, groupHeading, sortRows, type CostRow, type Sort, type SortColumn } from './format';

interface ColumnDef {
  column: SortColumn;
  label: string;
  numeric: boolean;
  billed?: boolean;
}

function columns(by: string): ColumnDef[] {
  return [
    { column: 'group', label: groupHeading(by), numeric: false },
    { column: 'estimated', label: 'Estimated', numeric: true },
    { column: 'billed', label: 'Billed', numeric: true, billed: true },
    { column: 'difference', label: 'Difference', numeric: true, billed: true },
    { column: 'input', label: 'Input tokens', numeric: true },
    { column: 'output', label: 'Output tokens', numeric: true },
    { column: 'turns', label: 'Turns', numeric: true },
    { column: 'unknown', label: 'Unknown-cost turns', numeric: true },
  ];
}

const number = new Intl.NumberFormat('en-US');

function estimatedText(row: CostRow): string {
  const e = row.estimate;
  if (!e) return 'no turns recorded';
  if (e.estimatedUsd === null) return `unknown (all ${e.turns} ${e.turns === 1 ? 'turn' : 'turns'} unpriced)`;
  return formatUsd(e.estimatedUsd);
}

export function CostTable({
  estimate,
  rows,
  withBilled,
  label,
  title,
}: {
  estimate: Estimate;
  rows: CostRow[];
  withBilled: boolean;
  label: (key: string) => string;
  title: (key: string) => string | undefined;
}) {
  const [sort, setSort] = useState<Sort | null>(null);
  const cols = columns(estimate.by).filter((c) => withBilled || !c.billed);
  // The backend's order (largest known estimate first) until the user picks a column.
  const shown = sort ? sortRows(rows, sort, label) : rows;
  const toggle = (column: SortColumn) =>
    setSort((s) => ({
      column,
      direction: s?.column === column ? (s.direction === 'ascending' ? 'descending' : 'ascending') : column === 'group' ? 'ascending' : 'descending',
    }));
  const t = estimate.totals;
  return (
    <div className="min-w-0 overflow-x-auto rounded-md border border-line bg-surface">
      <table className="w-full text-left text-sm" aria-label={`Spend by ${groupHeading(estimate.by)}`}>
        <thead>
          <tr className="border-b border-line text-xs text-muted">
            {cols.map((c) => (
              <th
                key={c.column}
                scope="col"
                aria-sort={sort?.column === c.column ? sort.direction : 'none'}
                className={`px-3 py-2 ${c.numeric ? 'text-right' : ''}`}
              >
                <button type="button" className="hover:text-ink" onClick={() => toggle(c.column)}>
                  {c.label}
                  {sort?.column === c.column ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.key} className="border-b border-line/60" data-group={row.key}>
              <th scope="row" className="max-w-xs truncate px-3 py-2 font-medium" title={title(row.key)}>
                {label(row.key)}
              </th>
              <td className="px-3 py-2 text-right tabular-nums" data-column="estimated">
                {estimatedText(row)}
                {row.estimate && row.estimate.estimatedUsd !== null && row.estimate.unknownCostTurns > 0 && (
                  <span className="block text-xs text-muted">without {row.estimate.unknownCostTurns} unpriced</span>
                )}
              </td>
              {withBilled && (
                <>
                  <td className="px-3 py-2 text-right tabular-nums" data-column="billed">
                    {formatUsd(row.billedUsd)}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums" data-column="difference">
                    {formatDifference(row.differenceUsd)}
                  </td>
                </>
              )}
              <td className="px-3 py-2 text-right tabular-nums">{row.estimate ? number.format(row.estimate.inputTokens) : '—'}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row.estimate ? number.format(row.estimate.outputTokens) : '—'}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row.estimate ? number.format(row.estimate.turns) : '—'}</td>
              <td className="px-3 py-2 text-right tabular-nums" data-column="unknown">
                {row.estimate ? number.format(row.estimate.unknownCostTurns) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="text-xs font-semibold">
            <th scope="row" className="px-3 py-2">
              Total
            </th>
            <td className="px-3 py-2 text-right tabular-nums" data-column="estimated">
              {t.estimatedUsd === null ? 'unknown' : formatUsd(t.estimatedUsd)}
            </td>
            {withBilled && (
              <>
                <td className="px-3 py-2 text-right tabular-nums">{formatUsd(sumBilled(rows))}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatDifference(t.estimatedUsd === null ? null : difference(sumBilled(rows), t.estimatedUsd))}
                </td>
              </>
            )}
            <td className="px-3 py-2 text-right tabular-nums">{number.format(t.inputTokens)}</td>
            <td className="px-3 py-2 text-right tabular-nums">{number.format(t.outputTokens)}</td>
            <td className="px-3 py-2 text-right tabular-nums">{number.format(t.turns)}</td>
            <td className="px-3 py-2 text-right tabular-nums">{number.format(t.unknownCostTurns)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function sumBilled(rows: readonly CostRow[]): number {
  return rows.reduce((s, r) => s + (r.billedUsd ?? 0), 0);
}

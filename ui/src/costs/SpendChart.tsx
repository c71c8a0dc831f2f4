// Spend per day stacked by group, as plain SVG: a title and description for screen readers, a
// legend, and the same figures as a table. Only known costs are drawn; unknown-cost turns are
// counted in the table, never drawn as $0.
import { useId } from 'react';
import type { Estimate } from '../bindings';
import { byWords, chartSeries, daySpend, formatUsd, largestDay, type Series } from './format';

// Bars widen for short periods and narrow (then scroll) for long ones.
const PLOT_WIDTH = 640;
const SLOT_MIN = 18;
const SLOT_MAX = 56;
const HEIGHT = 160;
const LEFT = 56;
const BOTTOM = 22;
const TOP = 8;

export function SpendChart({ estimate, label }: { estimate: Estimate; label: (key: string) => string }) {
  const id = useId();
  const series = chartSeries(estimate, label);
  const max = largestDay(estimate.days);
  const words = byWords(estimate.by);
  const title = `Estimated spend per day by ${words}`;
  if (series.length === 0 || max <= 0) {
    return (
      <p className="rounded-md border border-line bg-surface p-3 text-sm text-muted" data-testid="chart-empty">
        No known spend to chart in this period: every turn's cost is unknown.
      </p>
    );
  }
  const slot = Math.min(SLOT_MAX, Math.max(SLOT_MIN, Math.floor(PLOT_WIDTH / Math.max(estimate.days.length, 1))));
  const bar = Math.round(slot * 0.65);
  const width = LEFT + estimate.days.length * slot + 8;
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (usd: number) => TOP + plot - (usd / max) * plot;
  const labelEvery = Math.max(1, Math.ceil(estimate.days.length / 8));
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded-md border border-line bg-surface p-3" aria-label={title}>
      <div className="overflow-x-auto">
        <svg role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`} width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} data-testid="spend-chart">
          <title id={`${id}-t`}>{title}</title>
          <desc id={`${id}-d`}>
            Stacked bars of the known estimated spend of each day from {estimate.from} up to {estimate.to} (not counted), one colour per {words}; the largest day is {formatUsd(max)}. The table “Chart data” has the same figures.
          </desc>
          <line x1={LEFT} x2={width - 4} y1={y(0)} y2={y(0)} style={{ stroke: 'var(--strata-line)' }} />
          <line x1={LEFT} x2={width - 4} y1={y(max)} y2={y(max)} style={{ stroke: 'var(--strata-line)' }} strokeDasharray="3 3" />
          <text x={LEFT - 6} y={y(max) + 4} textAnchor="end" fontSize="10" style={{ fill: 'var(--strata-muted)' }}>
            {formatUsd(max)}
          </text>
          <text x={LEFT - 6} y={y(0) + 4} textAnchor="end" fontSize="10" style={{ fill: 'var(--strata-muted)' }}>
            $0
          </text>
          {estimate.days.map((day, i) => {
            const x = LEFT + i * slot + (slot - bar) / 2;
            let base = 0;
            return (
              <g key={day.date} data-date={day.date}>
                {series.map((s) => {
                  const usd = daySpend(day, s);
                  if (usd <= 0) return null;
                  const top = y(base + usd);
                  const h = y(base) - top;
                  base += usd;
                  return (
                    <rect key={s.label} x={x} y={top} width={bar} height={Math.max(h, 0.5)} style={{ fill: s.colour }} data-series={s.label}>
                      <title>{`${day.date} · ${s.label}: ${formatUsd(usd)}`}</title>
                    </rect>
                  );
                })}
                {i % labelEvery === 0 && (
                  <text x={x + bar / 2} y={HEIGHT - 6} textAnchor="middle" fontSize="10" style={{ fill: 'var(--strata-muted)' }}>
                    {day.date.slice(5)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <Legend series={series} />
      <details className="text-sm">
        <summary className="cursor-pointer text-muted">Chart data</summary>
        <ChartTable estimate={estimate} series={series} />
      </details>
    </figure>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
      {series.map((s) => (
        <li key={s.label} className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm" style={{ background: s.colour }} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

function ChartTable({ estimate, series }: { estimate: Estimate; series: Series[] }) {
  const days = estimate.days.filter((d) => d.groups.length > 0);
  return (
    <table className="mt-2 w-full text-left text-xs" aria-label="Chart data">
      <thead>
        <tr className="border-b border-line text-muted">
          <th scope="col" className="py-1 pr-3">
            Day
          </th>
          {series.map((s) => (
            <th scope="col" key={s.label} className="py-1 pr-3">
              {s.label}
            </th>
          ))}
          <th scope="col" className="py-1 pr-3">
            Unknown-cost turns
          </th>
        </tr>
      </thead>
      <tbody>
        {days.map((d) => (
          <tr key={d.date} className="border-b border-line/60">
            <th scope="row" className="py-1 pr-3 font-normal">
              {d.date}
            </th>
            {series.map((s) => {
              const has = d.groups.some((g) => s.keys.includes(g.key) && g.estimatedUsd !== null);
              return (
                <td key={s.label} className="py-1 pr-3 tabular-nums">
                  {has ? formatUsd(daySpend(d, s)) : '—'}
                </td>
              );
            })}
            <td className="py-1 pr-3 tabular-nums">{d.groups.reduce((n, g) => n + g.unknownCostTurns, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

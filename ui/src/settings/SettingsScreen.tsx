import { LuStethoscope, LuTerminal } from 'react-icons/lu';
import { openDevtools } from '../ipc';
import { useAppStore } from '../store';
import { useEffect, useRef, useState } from 'react';
import type { IpcError } from '../bindings';
import { AwsSettings } from './AwsSettings';
import { ChatSettings } from './ChatSettings';
import { PricesSettings } from './PricesSettings';

export function SettingsScreen() {
  const { info, openDoctor, settingsSection } = useAppStore();
  const [error, setError] = useState<IpcError | null>(null);
  const aws = useRef<HTMLDivElement>(null);
  // Opened for its AWS section (the Doctor's "Open AWS Settings"): bring it into view and focus.
  useEffect(() => {
    if (settingsSection !== 'aws' || !aws.current) return;
    aws.current.scrollIntoView?.({ block: 'start' });
    aws.current.focus();
  }, [settingsSection]);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6 px-6 py-8">
      <h1 className="text-xl font-semibold">Settings</h1>
      {info?.pricesProblem && <PricesProblem problem={info.pricesProblem} />}
      <div ref={aws} tabIndex={-1} className="outline-none" data-testid="aws-settings-anchor">
        <AwsSettings />
      </div>
      <section aria-labelledby="settings-doctor" className="rounded-lg border border-line bg-surface p-4">
        <h2 id="settings-doctor" className="mb-1 font-medium">
          Doctor
        </h2>
        <p className="mb-3 text-sm text-muted">
          Profiles missing, or one that cannot be created? The Doctor checks the setting, credentials, account,
          region, permissions, tags and network, and says which one it is.
        </p>
        <button
          type="button"
          className="flex items-center gap-2 rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink"
          onClick={() => openDoctor({ profileIdentifier: null, modelSource: null, checks: null })}
        >
          <LuStethoscope aria-hidden /> Run the doctor
        </button>
      </section>
      <ChatSettings />
      <PricesSettings />
      <section aria-labelledby="settings-developer" className="rounded-lg border border-line bg-surface p-4">
        <h2 id="settings-developer" className="mb-3 font-medium">
          Logs and developer tools
        </h2>
        <p className="mb-2 text-sm text-muted">
          Logs rotate daily; the last seven days are kept. Set <code className="font-mono">STRATA_LOG=debug</code>{' '}
          before starting Strata for more detail.
        </p>
        <p className="mb-4 break-all font-mono text-xs select-all">{info?.logDir ?? '…'}</p>
        <button
          type="button"
          className="flex items-center gap-2 rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink"
          onClick={() => {
            setError(null);
            openDevtools().catch((e: IpcError) => setError(e));
          }}
        >
          <LuTerminal aria-hidden /> Open developer tools
        </button>
        {error && (
          <p role="alert" className="mt-2 text-sm text-danger">
            {error.message}
          </p>
        )}
        <p className="mt-2 text-xs text-muted">
          The Console shows the backend&apos;s log lines prefixed by area, e.g. <code>[inference-profile]</code>.
        </p>
      </section>
    </div>
  );
}

/**
 * A broken `prices.json` or Price List cache: none of its prices is used, and the user is told
 * why and what to fix.
 */
function PricesProblem({ problem }: { problem: IpcError }) {
  const cache = problem.message.startsWith('The Price List cache');
  return (
    <section
      role="alert"
      aria-labelledby="settings-prices"
      className="rounded-lg border border-demo/40 bg-demo-soft p-4 text-sm text-demo"
    >
      <h2 id="settings-prices" className="mb-1 font-medium">
        {cache
          ? 'The Price List cache is not valid; its prices are not used'
          : 'prices.json is not valid; built-in prices are used'}
      </h2>
      <p className="break-all">{problem.message}</p>
      {problem.hint && <p className="mt-1 break-all text-xs">{problem.hint}</p>}
    </section>
  );
}

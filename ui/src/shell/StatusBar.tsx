import { LuCloud, LuFlaskConical } from 'react-icons/lu';
import { DEMO_WHY, useCatalog } from '../catalog/store';
import { useAppStore } from '../store';

export function StatusBar() {
  const { info, infoError } = useAppStore();
  const { list } = useCatalog();
  const conn = list?.connection ?? null;
  // Before the first connection, the start-up switches are all there is to go on.
  const demo = conn ? conn.demo !== null : (info?.demoMode ?? false);
  const catalog = list?.catalog ?? null;
  return (
    <footer
      role="status"
      aria-label="Status"
      className="flex h-7 shrink-0 items-center gap-4 border-t border-line bg-surface px-3 text-xs text-muted"
    >
      {info ? (
        <>
          {demo ? (
            <span
              className="flex items-center gap-1 rounded bg-demo-soft px-1.5 text-demo"
              title={conn?.demo ? `Demo mode: ${DEMO_WHY[conn.demo]}` : 'Demo mode'}
            >
              <LuFlaskConical aria-hidden /> Demo — simulated Bedrock
            </span>
          ) : (
            <span className="flex items-center gap-1">
              <LuCloud aria-hidden /> Amazon Bedrock
            </span>
          )}
          {conn && (
            <span>
              {conn.region}
              {conn.profile ? ` · ${conn.profile}` : ''}
            </span>
          )}
          {catalog && (
            <span data-testid="catalog-summary">
              {catalog.entries.length} models and profiles
              {catalog.applicationProfilesIncluded ? ` · ${catalog.stats.applicationProfiles} application profiles` : ''}
              {list?.stale ? ' · cached' : ''}
            </span>
          )}
          <span className="ml-auto">
            Strata {info.version} ({info.buildProfile})
          </span>
        </>
      ) : infoError ? (
        <span className="text-danger">Backend unavailable: {infoError.message}</span>
      ) : (
        <span>Starting…</span>
      )}
    </footer>
  );
}

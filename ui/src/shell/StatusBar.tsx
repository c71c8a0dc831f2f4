import { LuFlaskConical, LuCloud } from 'react-icons/lu';
import { useAppStore } from '../store';

export function StatusBar() {
  const { info, infoError } = useAppStore();
  return (
    <footer
      role="status"
      aria-label="Status"
      className="flex h-7 shrink-0 items-center gap-4 border-t border-line bg-surface px-3 text-xs text-muted"
    >
      {info ? (
        <>
          {info.demoMode ? (
            <span className="flex items-center gap-1 rounded bg-demo-soft px-1.5 text-demo">
              <LuFlaskConical aria-hidden /> Demo — simulated Bedrock
            </span>
          ) : (
            <span className="flex items-center gap-1">
              <LuCloud aria-hidden /> Amazon Bedrock
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

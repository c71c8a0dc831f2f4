import { useEffect, useId, useRef } from 'react';
import { LuLayers, LuX } from 'react-icons/lu';
import { useAppStore } from '../store';

/** Version, build and where the logs are, from the backend's `app_info`. */
export function AboutDialog({ onClose }: { onClose: () => void }) {
  const { info, infoError } = useAppStore();
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [onClose]);

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="w-full max-w-md rounded-lg border border-line bg-surface p-5 shadow-xl"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="mb-4 flex items-start gap-3">
          <LuLayers aria-hidden className="mt-0.5 h-8 w-8 text-accent" />
          <div className="flex-1">
            <h2 id={titleId} className="text-lg font-semibold">
              About Strata
            </h2>
            <p className="text-sm text-muted">Chat with Amazon Bedrock through your Application Inference Profiles.</p>
          </div>
          <button ref={closeRef} type="button" aria-label="Close" onClick={onClose} className="rounded p-1 text-muted hover:bg-raised">
            <LuX aria-hidden />
          </button>
        </div>
        {info ? (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-muted">Version</dt>
            <dd data-testid="about-version">{info.version}</dd>
            <dt className="text-muted">Build</dt>
            <dd>{info.buildProfile}</dd>
            <dt className="text-muted">Tauri</dt>
            <dd>{info.tauriVersion}</dd>
            <dt className="text-muted">Mode</dt>
            <dd>{info.demoMode ? 'Demo — simulated Bedrock' : 'Amazon Bedrock'}</dd>
            <dt className="text-muted">Log file</dt>
            <dd className="break-all font-mono text-xs select-all" data-testid="about-log-file">
              {info.logFile}
            </dd>
          </dl>
        ) : (
          <p className="text-sm text-danger">{infoError ? infoError.message : 'Loading…'}</p>
        )}
        <p className="mt-4 text-xs text-muted">Developer tools: F12 or View → Developer Tools.</p>
      </div>
    </div>
  );
}

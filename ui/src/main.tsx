import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { forwardBackendLogs } from './logs/console';
import './theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

void forwardBackendLogs().catch((e: unknown) => console.warn('[app] backend logs are not forwarded', e));

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

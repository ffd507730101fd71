import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';

// zod compiles object schemas with `new Function` when eval is allowed, and probes for it: under
// the server's Content-Security-Policy (no 'unsafe-eval') that probe is a reported violation.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

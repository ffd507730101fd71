import { config } from 'zod/v4/core';

// zod compiles object schemas with `new Function` when eval is allowed, and probes for it when a
// schema is built: under the server's Content-Security-Policy (no 'unsafe-eval') that probe is a
// reported violation. Imported first by main.tsx, before any module builds a schema; only zod's
// small config module comes with it, so the home page still loads no schemas.
config({ jitless: true });

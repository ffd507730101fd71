import { config } from 'zod/v4/core';

// zod compiles object schemas with `new Function` when eval is allowed, and probes for it when a
// schema is built: under the server's Content-Security-Policy (no 'unsafe-eval') that probe is a
// reported violation. Imported first by every module that builds schemas (chatSchema.ts,
// fileSchemas.ts), so it runs before any schema is built, in the chunk loaded after join.
config({ jitless: true });

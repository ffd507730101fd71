import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const protocolSource = fileURLToPath(new URL('../../packages/protocol/src/', import.meta.url));
const serverPort = Number(process.env.PARLEY_SERVER_PORT ?? 3001);

export default defineConfig({
  plugins: [react()],
  // Bundle the wire contract from source: one copy of the schemas, no build step in between. The
  // pages import only the zod-free `/room-id`, `/limits`, `/reactions` and `/text`; the zod schemas
  // (data-channel validation) load after join, with the call features.
  resolve: {
    alias: [
      { find: /^@parley\/protocol$/, replacement: `${protocolSource}index.ts` },
      { find: /^@parley\/protocol\/(room-id|limits|reactions|text)$/, replacement: `${protocolSource}$1.ts` },
    ],
  },
  server: {
    port: 5173,
    // `pnpm dev`: Vite serves the app with hot reload and forwards signaling to the dev server.
    proxy: { '/socket.io': { target: `http://localhost:${serverPort}`, ws: true } },
  },
  build: { target: 'es2022', sourcemap: true },
  test: {
    environment: 'jsdom',
  },
});

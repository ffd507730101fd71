import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const protocolSource = fileURLToPath(new URL('../../packages/protocol/src/index.ts', import.meta.url));
const serverPort = Number(process.env.PARLEY_SERVER_PORT ?? 3001);

export default defineConfig({
  plugins: [react()],
  // Bundle the wire contract from source: one copy of the schemas, no build step in between.
  resolve: { alias: { '@parley/protocol': protocolSource } },
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

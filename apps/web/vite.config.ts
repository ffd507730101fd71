import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

const protocolSource = fileURLToPath(new URL('../../packages/protocol/src/', import.meta.url));
const serverPort = Number(process.env.PARLEY_SERVER_PORT ?? 3001);

/**
 * The background-blur model and its WebAssembly, from the @mediapipe/selfie_segmentation package,
 * shipped in the build under /mediapipe/ (and served there by `pnpm dev`): the app loads them from
 * its own origin when someone turns blur on, never from a CDN.
 */
const MEDIAPIPE_DIR = fileURLToPath(
  new URL('./node_modules/@mediapipe/selfie_segmentation/', import.meta.url),
);
const MEDIAPIPE_FILES = [
  'selfie_segmentation.binarypb',
  'selfie_segmentation_landscape.tflite',
  'selfie_segmentation_solution_simd_wasm_bin.js',
  'selfie_segmentation_solution_simd_wasm_bin.wasm',
  'selfie_segmentation_solution_simd_wasm_bin.data',
  'selfie_segmentation_solution_wasm_bin.js',
  'selfie_segmentation_solution_wasm_bin.wasm',
];

function mediapipeAssets(): Plugin {
  return {
    name: 'parley-mediapipe-assets',
    generateBundle() {
      for (const file of MEDIAPIPE_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `mediapipe/${file}`,
          source: readFileSync(MEDIAPIPE_DIR + file),
        });
      }
    },
    configureServer(server) {
      server.middlewares.use('/mediapipe/', (req, res, next) => {
        const file = (req.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
        if (!MEDIAPIPE_FILES.includes(file)) return next();
        if (file.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
        res.end(readFileSync(MEDIAPIPE_DIR + file));
      });
    },
  };
}

/**
 * The service worker (sw/sw.ts, built to /sw.js with the list of files to precache written in):
 * the app shell. Never the optional features' code, which loads only when someone chooses the
 * feature: the blur model under /mediapipe/ and its loader and pipeline chunks, the RNNoise chunk,
 * worklet and WASM, the recording's WebM fixer. src/pwa/ registers the worker in production builds
 * only; `pnpm dev` has none.
 */
const OPTIONAL_CHUNKS = [
  'selfie_segmentation', // blur: @mediapipe/selfie_segmentation's loader
  'pipeline', // blur: media/background/pipeline.ts
  'rnnoise', // stronger noise removal: media/noise/rnnoise.ts
  'workletProcessor', // stronger noise removal: the AudioWorklet
  'fix-webm-duration', // recording, when it stops
];
const serviceWorker = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'sw',
  filename: 'sw.ts',
  injectRegister: false,
  manifest: false, // public/manifest.webmanifest
  injectManifest: {
    globPatterns: ['**/*.{html,js,css,svg,png,webmanifest}'],
    globIgnores: ['mediapipe/**', ...OPTIONAL_CHUNKS.map((name) => `assets/${name}-*`)],
    rollupFormat: 'iife',
  },
});

export default defineConfig({
  plugins: [react(), mediapipeAssets(), serviceWorker],
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

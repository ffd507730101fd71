// Draws the app's PNG icons (public/icons/) from the mark in public/favicon.svg. Run once when the
// mark changes, and commit the PNGs: the build only copies them. sharp is not a dependency of the
// app; install it in a scratch folder and run the script from there:
//   cd "$(mktemp -d)" && npm i sharp@0.35.5 && node <repo>/apps/web/scripts/icons.mjs
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sharp = createRequire(join(process.cwd(), 'noop.js'))('sharp');
const out = fileURLToPath(new URL('../public/icons/', import.meta.url));

const BUBBLE =
  '<path d="M9 11a3 3 0 0 1 3-3h8a3 3 0 0 1 3 3v6a3 3 0 0 1-3 3h-5l-4 4v-4a3 3 0 0 1-2-3z" fill="#fff"/>';
// "any": the favicon's rounded square. Full bleed (maskable, Apple): the platform cuts the shape,
// and the bubble already sits inside the maskable safe zone (a circle of 80% of the width).
const rounded = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4f7cff"/>${BUBBLE}</svg>`;
const fullBleed = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#4f7cff"/>${BUBBLE}</svg>`;

const icons = [
  ['icon-192.png', rounded, 192],
  ['icon-512.png', rounded, 512],
  ['icon-maskable-512.png', fullBleed, 512],
  ['apple-touch-icon.png', fullBleed, 180],
];

mkdirSync(out, { recursive: true });
for (const [name, svg, size] of icons) {
  await sharp(Buffer.from(svg), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9, palette: true })
    .toFile(join(out, name));
  console.log(`${name} ${size}x${size}`);
}

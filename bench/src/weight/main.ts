import { gzipSync } from 'node:zlib';
import type { Browser, Page, Response } from '@playwright/test';
import { startParley } from '../lib/server.js';
import { launchBrowser, newParticipant, waitForLobby } from '../lib/browser.js';
import { main, numberOption, parseOptions, report, table } from '../lib/results.js';
import { bytesBySource, ownerOf } from './sourcemap.js';

/**
 * Client weight: the JavaScript and CSS that `/` and `/r/<id>` load before a call starts (the home
 * page ready, the lobby ready with its camera preview, and the network idle), each body gzipped at
 * level 9 as a server would send it. Loads the production build (`pnpm build`) served by the real
 * server, in a fresh browser context per page (cold cache).
 *
 * `--check` makes it a budget test: exit 1 when a page loads more than `--budget` bytes (gzipped).
 */

const DEFAULT_BUDGET_BYTES = 150_000;
const USAGE = 'usage: pnpm bench:weight [--check] [--budget 150000] [--smoke]';

interface Asset {
  url: string;
  kind: 'js' | 'css';
  bytes: number;
  gzipBytes: number;
}

/** Minified bytes from one package or app folder, and its share of the gzipped bytes (pro rata). */
interface Contributor {
  owner: string;
  bytes: number;
  approxGzipBytes: number;
}

interface PageWeight {
  page: string;
  assets: Asset[];
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
  totalGzipBytes: number;
  /** Largest first, from the JavaScript files' source maps (when the server serves them). */
  contributors: Contributor[];
}

main(async () => {
  const values = parseOptions(
    {
      budget: { type: 'string' },
      check: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
    },
    USAGE,
  );
  const budgetBytes = numberOption(values.budget, 'budget', DEFAULT_BUDGET_BYTES);
  const startedAt = new Date();
  const server = await startParley();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const pages: PageWeight[] = [];
    pages.push(
      await weigh(browser, server.url, '/', (page) =>
        page.getByRole('button', { name: 'New room' }).waitFor({ timeout: 15_000 }),
      ),
    );
    pages.push(
      await weigh(browser, server.url, '/r/bench-weight-room', async (page) => {
        await page.getByRole('textbox', { name: 'Your name' }).fill('Weigher');
        await waitForLobby(page);
      }),
    );
    const kb = (bytes: number) => Math.round(bytes / 100) / 10;
    const over = pages.filter((p) => p.totalGzipBytes > budgetBytes);
    const last = pages.at(-1) as PageWeight;
    report({
      name: 'weight',
      startedAt,
      options: { budgetBytes, check: values.check, smoke: values.smoke },
      results: { pages, budgetBytes },
      table: `${table(
        [
          'page',
          'files',
          'JS raw (KB)',
          'JS gzip (KB)',
          'CSS raw (KB)',
          'CSS gzip (KB)',
          'total gzip (KB)',
          'budget (KB)',
        ],
        pages.map((p) => [
          p.page,
          p.assets.length,
          kb(p.jsBytes),
          kb(p.jsGzipBytes),
          kb(p.cssBytes),
          kb(p.cssGzipBytes),
          kb(p.totalGzipBytes),
          `${kb(budgetBytes)} ${p.totalGzipBytes <= budgetBytes ? 'ok' : 'OVER'}`,
        ]),
      )}\n\nKB = 1,000 bytes; gzip level 9 of each response body.\n\nLargest contributors on ${last.page} (from source maps; gzip shares pro rata):\n${table(
        ['from', 'minified (KB)', '≈ gzip (KB)'],
        last.contributors.slice(0, 12).map((c) => [c.owner, kb(c.bytes), kb(c.approxGzipBytes)]),
      )}\n\nFiles:\n${pages
        .flatMap((p) =>
          p.assets.map((a) => `  ${p.page}  ${a.url}  ${kb(a.bytes)} KB -> ${kb(a.gzipBytes)} KB gzip`),
        )
        .join('\n')}`,
    });
    if (pages.some((p) => p.assets.length === 0)) throw new Error('a page loaded no JavaScript or CSS');
    if (values.check && over.length > 0) {
      throw new Error(
        `client weight over budget: ${over.map((p) => `${p.page} ${p.totalGzipBytes} bytes gzipped`).join(', ')} > ${budgetBytes}`,
      );
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
});

async function weigh(
  browser: Browser,
  baseURL: string,
  path: string,
  ready: (page: Page) => Promise<void>,
): Promise<PageWeight> {
  const { context, page } = await newParticipant(browser, baseURL);
  try {
    const responses = new Map<string, Response>();
    page.on('response', (response) => {
      if (kindOf(response) && !responses.has(response.url())) responses.set(response.url(), response);
    });
    await page.goto(path);
    await ready(page);
    await page.waitForLoadState('networkidle');
    const assets: Asset[] = [];
    const owners = new Map<string, Contributor>();
    for (const [url, response] of responses) {
      const kind = kindOf(response);
      if (!kind) continue;
      const body = await response.body();
      const asset: Asset = {
        url: new URL(url).pathname,
        kind,
        bytes: body.length,
        gzipBytes: gzipSync(body, { level: 9 }).length,
      };
      assets.push(asset);
      if (kind === 'js') await attribute(url, body.toString('utf8'), asset, owners);
    }
    const sum = (k: 'js' | 'css', field: 'bytes' | 'gzipBytes') =>
      assets.filter((a) => a.kind === k).reduce((total, a) => total + a[field], 0);
    return {
      page: path,
      assets,
      jsBytes: sum('js', 'bytes'),
      jsGzipBytes: sum('js', 'gzipBytes'),
      cssBytes: sum('css', 'bytes'),
      cssGzipBytes: sum('css', 'gzipBytes'),
      totalGzipBytes: sum('js', 'gzipBytes') + sum('css', 'gzipBytes'),
      contributors: [...owners.values()].sort((a, b) => b.bytes - a.bytes),
    };
  } finally {
    await context.close();
  }
}

/** Adds the file's bytes, by package or app folder, to `owners` (nothing when it has no source map). */
async function attribute(
  url: string,
  code: string,
  asset: Asset,
  owners: Map<string, Contributor>,
): Promise<void> {
  const response = await fetch(`${url}.map`).catch(() => undefined);
  if (!response?.ok) return;
  const map = (await response.json()) as { sources: string[]; mappings: string };
  for (const [source, bytes] of bytesBySource(code, map)) {
    const owner = source === '(unmapped)' ? '(unmapped)' : ownerOf(source);
    const entry = owners.get(owner) ?? { owner, bytes: 0, approxGzipBytes: 0 };
    entry.bytes += bytes;
    entry.approxGzipBytes += (asset.gzipBytes * bytes) / asset.bytes;
    owners.set(owner, entry);
  }
}

function kindOf(response: Response): 'js' | 'css' | undefined {
  const type = response.request().resourceType();
  const contentType = response.headers()['content-type'] ?? '';
  if (type === 'script' || /javascript/.test(contentType)) return 'js';
  if (type === 'stylesheet' || /text\/css/.test(contentType)) return 'css';
  return undefined;
}

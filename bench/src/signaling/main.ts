import { randomBytes } from 'node:crypto';
import { cpuSeconds, forkTs, sleep, stopChild, type TsProcess } from '../lib/processes.js';
import { listOption, main, numberOption, parseOptions, RESULTS_DIR, report, table } from '../lib/results.js';
import { Histogram, round } from '../lib/stats.js';
import type { Command, Counters, Reply } from './messages.js';
import type { MemoryReport } from './servers/control.js';

/**
 * Signaling server capacity, Parley against a bare Socket.IO relay of the same protocol, at several
 * numbers of participants (rooms of 4). Servers and load run in separate processes; the load is
 * split over `--clients` processes, each holding whole rooms. Phases, for each size and server:
 *   connect   every participant opens a socket (50 at a time), then a garbage collection and the
 *             server's RSS (memory probes: servers/control.ts, against one taken before any socket);
 *   burst     all rooms fill at once: each newcomer joins, offers to everyone already in, and both
 *             sides send `candidates` candidates (realistic payload sizes, protocol shapes);
 *   idle      `idleWait` (2 s) without traffic, then a garbage collection and the server's RSS;
 *   steady    each participant sends `steadyRate` peer:update per second (relayed to 3 others);
 *   max       each participant sends `maxRate` peer:update per second (80% of Parley's sustained
 *             per-socket rate limit, so it is never what limits), at most `maxInFlight` unanswered.
 * Latency is from the send to the relayed copy's arrival, both in the same load process.
 */

const USAGE =
  'usage: pnpm bench:signaling [--sizes 100,500,1000] [--clients 2] [--window 10] [--steady-rate 1] [--max-rate 40] [--idle-wait 2] [--profile] [--smoke]';
const ROOM_SIZE = 4;
const CANDIDATES = 15;
const MAX_IN_FLIGHT = 8;
const SERVERS = {
  parley: new URL('servers/parley.ts', import.meta.url).pathname,
  bare: new URL('servers/bare.ts', import.meta.url).pathname,
} as const;
type ServerName = keyof typeof SERVERS;

interface Phase {
  /** Relayed messages received per second of the window. */
  relayedPerSecond: number;
  /** What the load asked for: participants × rate × 3 receivers (NaN for the burst). */
  offeredPerSecond: number;
  /**
   * Relayed messages per second of server CPU time: the relay's capacity, if it had a core to
   * itself. Unlike msg/s it does not depend on how much CPU the server got on a shared machine.
   */
  relayedPerCpuSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Cores busy (1 = one core) over the window: the server, and all load processes together. */
  serverCpu: number;
  loadCpu: number;
  sent: number;
  skipped: number;
  errors: Record<string, number>;
}

interface SizeResult {
  participants: number;
  server: ServerName;
  connected: number;
  connectMs: number;
  burst: Phase & { ms: number; complete: boolean };
  baseRssBytes: number;
  /** (RSS − RSS before any connection) / participants, after a GC: sockets connected, nobody joined. */
  connectedRssPerParticipantBytes: number;
  /** The same once every room has joined and negotiated, `idleWaitMs` after the burst ended. */
  rssPerParticipantBytes: number;
  heapPerParticipantBytes: number;
  idleRssBytes: number;
  steady: Phase;
  max: Phase;
  /** Heap and RSS right after the max phase (after a GC). */
  loadedRssBytes: number;
  loadedHeapBytes: number;
}

main(async () => {
  const values = parseOptions(
    {
      sizes: { type: 'string' },
      clients: { type: 'string' },
      window: { type: 'string' },
      'steady-rate': { type: 'string' },
      'max-rate': { type: 'string' },
      'idle-wait': { type: 'string' },
      profile: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
    },
    USAGE,
  );
  const smoke = values.smoke ?? false;
  const sizes = listOption(values.sizes, 'sizes', smoke ? [20] : [100, 500, 1000]);
  if (sizes.some((n) => n % ROOM_SIZE !== 0))
    throw new Error(`sizes must be multiples of ${ROOM_SIZE}; ${USAGE}`);
  const options = {
    sizes,
    clients: numberOption(values.clients, 'clients', smoke ? 1 : 2),
    windowMs: numberOption(values.window, 'window', smoke ? 2 : 10) * 1000,
    warmupMs: smoke ? 500 : 2_000,
    idleWaitMs: numberOption(values['idle-wait'], 'idle-wait', smoke ? 0.5 : 2) * 1000,
    steadyRate: numberOption(values['steady-rate'], 'steady-rate', 1),
    maxRate: numberOption(values['max-rate'], 'max-rate', 40),
    roomSize: ROOM_SIZE,
    candidates: CANDIDATES,
    maxInFlight: MAX_IN_FLIGHT,
    profile: values.profile ?? false,
    smoke,
  };
  const startedAt = new Date();
  const results: SizeResult[] = [];
  for (const participants of sizes) {
    for (const server of Object.keys(SERVERS) as ServerName[]) {
      process.stderr.write(`${participants} participants, ${server} server...\n`);
      const result = await measure(server, participants, options);
      results.push(result);
      process.stderr.write(
        `  burst ${Math.round(result.burst.ms)} ms (p99 ${round(result.burst.p99Ms)} ms), ` +
          `RSS ${round(result.rssPerParticipantBytes / 1024)} KB/participant, ` +
          `steady p99 ${round(result.steady.p99Ms)} ms, max ${Math.round(result.max.relayedPerSecond)} msg/s ` +
          `(${Math.round(result.max.relayedPerCpuSecond)} per server CPU-second)\n`,
      );
    }
  }

  const kb = (bytes: number) => round(bytes / 1024);
  const detail = table(
    [
      'participants',
      'server',
      'burst (ms)',
      'burst p50 / p99 (ms)',
      'RSS/participant connected → joined (KB)',
      'heap/participant joined (KB)',
      'steady msg/s',
      'steady p50 / p99 (ms)',
      'max msg/s',
      'max p50 / p99 (ms)',
      'server CPU at max',
      'msg per server CPU-s',
      'heap after max (MB)',
      'errors',
    ],
    results.map((r) => [
      r.participants,
      r.server,
      Math.round(r.burst.ms),
      `${round(r.burst.p50Ms)} / ${round(r.burst.p99Ms)}`,
      `${kb(r.connectedRssPerParticipantBytes)} → ${kb(r.rssPerParticipantBytes)}`,
      kb(r.heapPerParticipantBytes),
      Math.round(r.steady.relayedPerSecond),
      `${round(r.steady.p50Ms, 2)} / ${round(r.steady.p99Ms, 2)}`,
      Math.round(r.max.relayedPerSecond),
      `${round(r.max.p50Ms)} / ${round(r.max.p99Ms)}`,
      `${Math.round(r.max.serverCpu * 100)}%`,
      Math.round(r.max.relayedPerCpuSecond),
      round(r.loadedHeapBytes / 2 ** 20),
      errorText(r),
    ]),
  );
  const summary = table(
    [
      'participants',
      'max msg/s Parley / bare',
      'msg per server CPU-s Parley / bare',
      'steady p99 Parley (ms)',
      'RSS per joined idle participant, Parley (KB)',
    ],
    sizes.map((n) => {
      const parley = results.find((r) => r.participants === n && r.server === 'parley');
      const bare = results.find((r) => r.participants === n && r.server === 'bare');
      return [
        n,
        parley && bare ? round(parley.max.relayedPerSecond / bare.max.relayedPerSecond, 2) : undefined,
        parley && bare ? round(parley.max.relayedPerCpuSecond / bare.max.relayedPerCpuSecond, 2) : undefined,
        parley ? round(parley.steady.p99Ms, 2) : undefined,
        parley ? kb(parley.rssPerParticipantBytes) : undefined,
      ];
    }),
  );
  report({
    name: 'signaling',
    startedAt,
    options,
    results,
    withBrowser: false,
    table: `${detail}\n\ntargets: throughput ≥ 0.8× bare, p99 < 50 ms at 1,000, ≤ 30 KB RSS per idle participant\n\n${summary}`,
  });
  const numbers = results.flatMap((r) => [
    r.steady.relayedPerSecond,
    r.max.relayedPerSecond,
    r.max.relayedPerCpuSecond,
    r.steady.p99Ms,
    r.idleRssBytes,
  ]);
  if (numbers.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error('a phase produced no figures');
});

function errorText(r: SizeResult): string {
  const all: Record<string, number> = {};
  for (const phase of [r.burst, r.steady, r.max]) {
    for (const [code, count] of Object.entries(phase.errors)) all[code] = (all[code] ?? 0) + count;
  }
  const failed = r.participants - r.connected;
  if (failed > 0) all.connect_failed = failed;
  if (!r.burst.complete) all.burst_incomplete = 1;
  const text = Object.entries(all).map(([code, count]) => `${code} ${count}`);
  return text.length === 0 ? 'none' : text.join(', ');
}

interface Options {
  clients: number;
  windowMs: number;
  warmupMs: number;
  idleWaitMs: number;
  profile: boolean;
  steadyRate: number;
  maxRate: number;
  smoke: boolean;
}

async function measure(server: ServerName, participants: number, options: Options): Promise<SizeResult> {
  // --profile: a V8 CPU profile of the whole server run (open it in Chrome DevTools, Performance).
  const profile = options.profile
    ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS_DIR}profiles/${server}-${participants}`]
    : [];
  const relay = await forkTs(SERVERS[server], { execArgv: ['--expose-gc', ...profile] });
  const loaders: TsProcess[] = [];
  try {
    for (let i = 0; i < Math.min(options.clients, participants / ROOM_SIZE); i++) {
      loaders.push(await forkTs(new URL('load.ts', import.meta.url).pathname, { readyType: 'ready' }));
    }
    await sleep(500);
    const base = await memory(relay);

    // Rooms are dealt to the load processes whole, so a room's members share one clock.
    const run = randomBytes(3).toString('hex');
    const rooms = Array.from({ length: participants / ROOM_SIZE }, (_, i) => `bench-${run}-${i}`);
    const url = `http://127.0.0.1:${relay.port}`;
    const connected = await all(loaders, (index) => ({
      cmd: 'connect',
      url,
      rooms: rooms.filter((_, i) => i % loaders.length === index),
      roomSize: ROOM_SIZE,
      concurrency: 50,
    }));
    const connectedCount = connected.reduce((sum, r) => sum + (r.type === 'connected' ? r.connected : 0), 0);
    const connectMs = Math.max(...connected.map((r) => (r.type === 'connected' ? r.ms : 0)));
    const connectedMemory = await memory(relay);

    const burstCpu = cpuMeter(relay, loaders);
    const bursts = await all(loaders, () => ({ cmd: 'burst', candidates: CANDIDATES, timeoutMs: 60_000 }));
    const burstPhase = merge(bursts, burstCpu());
    const burstMs = Math.max(...bursts.map((r) => r.windowMs ?? 0));
    const complete = bursts.every((r) => r.type === 'burst-done' && r.complete);

    await sleep(options.idleWaitMs);
    const idle = await memory(relay);

    const phase = async (rate: number): Promise<Phase> => {
      const command: Command = {
        cmd: 'load',
        rate,
        warmupMs: options.warmupMs,
        durationMs: options.windowMs,
        maxInFlight: MAX_IN_FLIGHT,
      };
      const replies = all(loaders, () => command);
      await sleep(options.warmupMs);
      const cpu = cpuMeter(relay, loaders);
      const counters = await replies;
      return { ...merge(counters, cpu()), offeredPerSecond: rate * connectedCount * (ROOM_SIZE - 1) };
    };
    const steady = await phase(options.steadyRate);
    const max = await phase(options.maxRate);
    const loaded = await memory(relay);
    return {
      participants,
      server,
      connected: connectedCount,
      connectMs,
      burst: { ...burstPhase, ms: burstMs, complete },
      baseRssBytes: base.rss,
      idleRssBytes: idle.rss,
      rssPerParticipantBytes: (idle.rss - base.rss) / participants,
      connectedRssPerParticipantBytes: (connectedMemory.rss - base.rss) / participants,
      heapPerParticipantBytes: (idle.heapUsed - base.heapUsed) / participants,
      steady,
      max,
      loadedRssBytes: loaded.rss,
      loadedHeapBytes: loaded.heapUsed,
    };
  } finally {
    for (const loader of loaders) loader.child.send({ cmd: 'stop' } satisfies Command, () => undefined);
    await Promise.all(loaders.map((loader) => stopChild(loader.child)));
    await stopChild(relay.child);
  }
}

/** Sends each load process its command and waits for every answer. */
async function all(
  loaders: TsProcess[],
  command: (index: number) => Command,
  timeoutMs = 120_000,
): Promise<Array<Exclude<Reply, { type: 'ready' | 'failed' }> & Partial<Counters>>> {
  return Promise.all(
    loaders.map(
      (loader, index) =>
        new Promise<Exclude<Reply, { type: 'ready' | 'failed' }>>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`load process ${index} did not answer`)),
            timeoutMs,
          );
          const onMessage = (reply: Reply) => {
            if (reply.type === 'ready') return;
            clearTimeout(timer);
            loader.child.off('message', onMessage);
            if (reply.type === 'failed') reject(new Error(`load process ${index}: ${reply.message}`));
            else resolve(reply);
          };
          loader.child.on('message', onMessage);
          loader.child.send(command(index));
        }),
    ),
  );
}

function merge(replies: Array<Partial<Counters>>, cpu: { server: number; load: number }): Phase {
  const latency = new Histogram();
  const errors: Record<string, number> = {};
  let delivered = 0;
  let sent = 0;
  let skipped = 0;
  let windowMs = 0;
  for (const reply of replies) {
    if (reply.latency) latency.merge(reply.latency);
    for (const [code, count] of Object.entries(reply.errors ?? {}))
      errors[code] = (errors[code] ?? 0) + count;
    delivered += reply.delivered ?? 0;
    sent += reply.sent ?? 0;
    skipped += reply.skipped ?? 0;
    windowMs = Math.max(windowMs, reply.windowMs ?? 0);
  }
  return {
    relayedPerSecond: delivered / (windowMs / 1000),
    offeredPerSecond: Number.NaN,
    relayedPerCpuSecond: delivered / (cpu.server * (windowMs / 1000)),
    p50Ms: latency.percentile(50),
    p99Ms: latency.percentile(99),
    maxMs: latency.max,
    serverCpu: cpu.server,
    loadCpu: cpu.load,
    sent,
    skipped,
    errors,
  };
}

/** Starts measuring CPU; the returned function gives cores used since (1.0 = one core busy). */
function cpuMeter(server: TsProcess, loaders: TsProcess[]): () => { server: number; load: number } {
  const pid = (p: TsProcess) => p.child.pid ?? 0;
  const started = performance.now();
  const server0 = cpuSeconds(pid(server));
  const load0 = loaders.map((l) => cpuSeconds(pid(l)));
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const load = loaders.reduce((sum, l, i) => sum + cpuSeconds(pid(l)) - (load0[i] ?? 0), 0);
    return { server: (cpuSeconds(pid(server)) - server0) / seconds, load: load / seconds };
  };
}

function memory(server: TsProcess): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not report its memory')), 10_000);
    const onMessage = (message: { type?: string }) => {
      if (message.type !== 'memory') return;
      clearTimeout(timer);
      server.child.off('message', onMessage);
      resolve(message as MemoryReport);
    };
    server.child.on('message', onMessage);
    server.child.send({ type: 'memory' });
  });
}

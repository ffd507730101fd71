// One load process of the signaling benchmark: simulated participants on socket.io-client, driven
// by the benchmark over IPC (messages.ts). Every room lives in one process, so a relayed message's
// sender and receiver share this process's clock.
import type { AckResult, ClientToServerEvents, ServerToClientEvents, SignalMessage } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { Histogram } from '../lib/stats.js';
import type { Command, Counters, Reply } from './messages.js';
import { candidate, description, latencyMs, nameSentAt, sentAt, stampedName } from './payloads.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Participant {
  socket: Client;
  roomId: string;
  peerId?: string;
  inFlight: number;
  /** Tokens of the paced sender (load phase). */
  tokens: number;
}

const participants: Participant[] = [];
const rooms = new Map<string, Participant[]>();
let candidatesPerSide = 15;

// The current measurement window: counters reset when it opens.
let recording = false;
let received = 0;
const measured = {
  sent: 0,
  skipped: 0,
  delivered: 0,
  latency: new Histogram(),
  errors: {} as Record<string, number>,
};

function resetWindow(): void {
  Object.assign(measured, { sent: 0, skipped: 0, delivered: 0, errors: {} });
  measured.latency.clear();
}

function counters(windowMs: number): Counters {
  return {
    sent: measured.sent,
    skipped: measured.skipped,
    delivered: measured.delivered,
    latency: measured.latency.toJSON(),
    errors: { ...measured.errors },
    windowMs,
  };
}

function send(reply: Reply): void {
  process.send?.(reply);
}

/** The ack callback of one request: frees its in-flight slot and counts error codes. */
function acked(participant: Participant) {
  participant.inFlight++;
  if (recording) measured.sent++;
  return (result: AckResult<unknown>) => {
    participant.inFlight--;
    if (!result.ok && recording)
      measured.errors[result.error.code] = (measured.errors[result.error.code] ?? 0) + 1;
  };
}

function delivered(sentMicros: number | undefined): void {
  received++;
  if (!recording) return;
  measured.delivered++;
  if (sentMicros !== undefined) measured.latency.record(latencyMs(sentMicros));
}

function sendSignals(from: Participant, to: string, type: 'offer' | 'answer'): void {
  from.socket.emit('signal', { to, description: description(type) }, acked(from));
  for (let i = 0; i < candidatesPerSide; i++) {
    from.socket.emit('signal', { to, candidate: candidate(i) }, acked(from));
  }
}

function onSignal(participant: Participant, message: SignalMessage): void {
  delivered(sentAt(message));
  // The side already in the room answers the newcomer's offer, with its own candidates.
  if (message.description?.type === 'offer') sendSignals(participant, message.from, 'answer');
}

async function connect(
  url: string,
  roomIds: string[],
  roomSize: number,
  concurrency: number,
): Promise<Reply> {
  const started = performance.now();
  const open = (roomId: string) =>
    new Promise<Participant | undefined>((resolve) => {
      const socket: Client = io(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: 20_000,
      });
      const participant: Participant = { socket, roomId, inFlight: 0, tokens: Math.random() };
      socket.on('signal', (message) => onSignal(participant, message));
      socket.on('peer:updated', (peer) => delivered(nameSentAt(peer.name)));
      socket.once('connect', () => resolve(participant));
      socket.once('connect_error', () => {
        socket.close();
        resolve(undefined);
      });
    });
  const wanted = roomIds.flatMap((roomId) => Array.from({ length: roomSize }, () => roomId));
  let failed = 0;
  for (let i = 0; i < wanted.length; i += concurrency) {
    const batch = await Promise.all(wanted.slice(i, i + concurrency).map(open));
    for (const participant of batch) {
      if (!participant) {
        failed++;
        continue;
      }
      participants.push(participant);
      const room = rooms.get(participant.roomId) ?? [];
      room.push(participant);
      rooms.set(participant.roomId, room);
    }
  }
  return { type: 'connected', connected: participants.length, failed, ms: performance.now() - started };
}

function join(participant: Participant, index: number): Promise<string[]> {
  return new Promise((resolve) => {
    const media = { audio: true, video: true };
    participant.socket.emit(
      'room:join',
      { roomId: participant.roomId, name: `P${index}`, media },
      (result) => {
        if (!result.ok) {
          measured.errors[result.error.code] = (measured.errors[result.error.code] ?? 0) + 1;
          resolve([]);
          return;
        }
        participant.peerId = result.data.self.peerId;
        resolve(result.data.peers.map((peer) => peer.peerId));
      },
    );
  });
}

async function burst(candidates: number, timeoutMs: number): Promise<Reply> {
  candidatesPerSide = candidates;
  resetWindow();
  recording = true;
  received = 0;
  const started = performance.now();
  const expected = [...rooms.values()].reduce(
    (sum, room) => sum + room.length * (room.length - 1) * (1 + candidates),
    0,
  );
  await Promise.all(
    [...rooms.values()].map(async (room) => {
      for (const [index, member] of room.entries()) {
        const others = await join(member, index);
        for (const peerId of others) sendSignals(member, peerId, 'offer');
      }
    }),
  );
  const deadline = started + timeoutMs;
  while (received < expected && performance.now() < deadline) await sleep(10);
  while (participants.some((p) => p.inFlight > 0) && performance.now() < deadline) await sleep(10);
  const ms = performance.now() - started;
  recording = false;
  return { type: 'burst-done', complete: received >= expected, expected, ...counters(ms) };
}

async function load(rate: number, warmupMs: number, durationMs: number, maxInFlight: number): Promise<Reply> {
  const media = { audio: true, video: true, screen: false };
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    const due = (rate * (now - last)) / 1000;
    last = now;
    for (const participant of participants) {
      participant.tokens += due;
      while (participant.tokens >= 1) {
        participant.tokens -= 1;
        if (participant.inFlight >= maxInFlight) {
          if (recording) measured.skipped++;
          continue;
        }
        participant.socket.emit('peer:update', { name: stampedName(), media }, acked(participant));
      }
    }
  };
  const timer = setInterval(tick, 10);
  try {
    await sleep(warmupMs);
    resetWindow();
    recording = true;
    const started = performance.now();
    await sleep(durationMs);
    recording = false;
    return { type: 'load-done', ...counters(performance.now() - started) };
  } finally {
    clearInterval(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handle(command: Command): Promise<Reply | undefined> {
  switch (command.cmd) {
    case 'connect':
      return connect(command.url, command.rooms, command.roomSize, command.concurrency);
    case 'burst':
      return burst(command.candidates, command.timeoutMs);
    case 'load':
      return load(command.rate, command.warmupMs, command.durationMs, command.maxInFlight);
    case 'stop':
      for (const participant of participants) participant.socket.close();
      setTimeout(() => process.exit(0), 100);
      return undefined;
  }
}

process.on('message', (command: Command) => {
  handle(command).then(
    (reply) => reply && send(reply),
    (error: unknown) =>
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

import type { AckResult } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { PAIR_ALLOWANCE } from '../src/rate-limit.js';
import { join, type LooseClient, settle, sleep, startServer, type TestServer } from './support.js';

describe('rate limits', () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  it('throttles a socket sending 1,000 signals a second; its neighbour is not slowed down', async () => {
    server = await startServer();
    const [flooder, neighbour, target] = await Promise.all([
      server.connect(),
      server.connect(),
      server.connect(),
    ]);
    const flooderId = (await join(flooder, 'flood-room', 'Flo')).self.peerId;
    const neighbourId = (await join(neighbour, 'flood-room', 'Ned')).self.peerId;
    const targetId = (await join(target, 'flood-room', 'Tia')).self.peerId;

    let floodDelivered = 0;
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    target.on('signal', (message) => {
      if (message.from === flooderId) floodDelivered++;
      if (message.from === neighbourId && 'candidate' in message && message.candidate) {
        const sent = sentAt.get(message.candidate.candidate);
        if (sent !== undefined) latencies.push(performance.now() - sent);
      }
    });

    const floodAcks: Record<string, number> = {};
    const countAck = (result: AckResult<unknown>) => {
      const key = result.ok ? 'ok' : result.error.code;
      floodAcks[key] = (floodAcks[key] ?? 0) + 1;
    };
    const neighbourAcks: Promise<AckResult<unknown>>[] = [];

    const started = performance.now();
    const sent = { withAck: 0, without: 0 };
    // 1,000 signals a second, caught up on every tick so timer jitter cannot slow the flood down;
    // half of them without an ack, which are simply dropped when over the limit.
    const flood = setInterval(() => {
      const due = Math.floor(performance.now() - started) - sent.withAck - sent.without;
      for (let i = 0; i < due; i++) {
        const payload = { to: targetId, candidate: { candidate: `flood ${i}` } };
        if (i % 2 === 0) {
          sent.withAck++;
          flooder.emit('signal', payload, countAck);
        } else {
          sent.without++;
          (flooder as unknown as LooseClient).emit('signal', payload);
        }
      }
    }, 5);
    let seq = 0;
    const calm = setInterval(() => {
      const candidate = `calm ${seq++}`;
      sentAt.set(candidate, performance.now());
      neighbourAcks.push(
        neighbour.timeout(2000).emitWithAck('signal', { to: targetId, candidate: { candidate } }),
      );
    }, 50);
    await sleep(1500);
    clearInterval(flood);
    clearInterval(calm);
    const floodSeconds = (performance.now() - started) / 1000;

    expect((await Promise.all(neighbourAcks)).every((r) => r.ok)).toBe(true);
    await settle(flooder, neighbour, target);
    // Everything sent has been handled by now, so this bounds the time the server had to refill.
    const refillSeconds = (performance.now() - started) / 1000;

    expect(latencies).toHaveLength(seq);
    // Prompt, not a benchmark: a loaded 2-core CI machine adds scheduling noise of a few hundred ms,
    // while a neighbour queued behind the flood would wait seconds (or time out).
    expect(Math.max(...latencies)).toBeLessThan(500);

    const total = sent.withAck + sent.without;
    expect(total / floodSeconds).toBeGreaterThan(700); // it really was a flood (1,000/s asked, minus timer slip)
    // Everything goes to one peer: the pair's budget is what holds it.
    const { burst, perSecond } = PAIR_ALLOWANCE.messages;
    const allowance = burst + perSecond * refillSeconds;
    expect(floodDelivered).toBeGreaterThanOrEqual(burst);
    expect(floodDelivered).toBeLessThanOrEqual(allowance + 1);
    expect((floodAcks.ok ?? 0) + (floodAcks.rate_limited ?? 0)).toBe(sent.withAck);
    expect(floodAcks.rate_limited ?? 0).toBeGreaterThanOrEqual(sent.withAck - allowance - 1);
  });

  it("an attacker re-sending offers to a victim as fast as it may cannot starve the victim's other links", async () => {
    server = await startServer();
    const [attacker, victim, third] = await Promise.all([
      server.connect(),
      server.connect(),
      server.connect(),
    ]);
    const attackerId = (await join(attacker, 'victim-room', 'Mal')).self.peerId;
    const victimId = (await join(victim, 'victim-room', 'Vic')).self.peerId;
    const thirdId = (await join(third, 'victim-room', 'Tom')).self.peerId;

    // The victim's client does what perfect negotiation does: it answers every offer it gets.
    let answered = 0;
    victim.on('signal', (message) => {
      if (message.from !== attackerId || !message.description) return;
      answered++;
      (victim as unknown as LooseClient).emit('signal', {
        to: attackerId,
        description: { type: 'answer', sdp: 'v=0 answer' },
      });
    });
    const atThird: string[] = [];
    third.on('signal', (message) => {
      if (message.from === victimId && message.candidate) atThird.push(message.candidate.candidate);
    });

    const started = performance.now();
    let offers = 0;
    let offersRefused = 0;
    const flood = setInterval(() => {
      const due = Math.floor((performance.now() - started) / 5) - offers; // 200 offers a second
      for (let i = 0; i < due; i++, offers++) {
        const description = { type: 'offer' as const, sdp: `v=0 offer ${offers}` };
        attacker.emit('signal', { to: victimId, description }, (result) => {
          if (!result.ok) offersRefused++;
        });
      }
    }, 5);
    // The victim's own link to the third peer: a steady trickle of candidates, each acknowledged.
    const acks: Promise<AckResult<unknown>>[] = [];
    let seq = 0;
    const calm = setInterval(() => {
      acks.push(
        victim
          .timeout(2000)
          .emitWithAck('signal', { to: thirdId, candidate: { candidate: `calm ${seq++}` } }),
      );
    }, 50);
    await sleep(2500);
    clearInterval(flood);
    clearInterval(calm);
    const results = await Promise.all(acks);
    await settle(attacker, victim, third);

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(atThird).toHaveLength(seq);
    // The attack was real: offers as fast as the server took them, and the victim answered each.
    expect(offersRefused).toBeGreaterThan(0);
    expect(answered).toBeGreaterThanOrEqual(PAIR_ALLOWANCE.messages.burst);
  });
});

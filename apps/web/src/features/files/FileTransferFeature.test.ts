// @vitest-environment node
import type { Peer } from '@parley/protocol';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LinkHandle } from '../../rtc/CallFeature';
import { createCallStore } from '../../store/callStore';
import { ChatFeature } from '../chat/ChatFeature';
import { CHAT_HISTORY_MAX } from '../chat/chatStore';
import { ControlChannels, INBOUND_BUDGET } from '../control/ControlChannels';
import { loadValidators } from '../control/loadValidators';
import type { PeerRateLimitOptions } from '../control/PeerRateLimit';
import { FILE_MAX_BYTES } from './fileMessages';
import {
  ENDED_ROW_TTL_MS,
  FileTransferFeature,
  OFFERS_PER_PEER_MAX,
  type Schedule,
} from './FileTransferFeature';

/** An in-memory data channel; `peer` is the other end. Messages arrive asynchronously, in order. */
class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType = 'blob';
  peer: FakeChannel | null = null;
  bytesSent = 0;

  constructor(readonly label: string) {
    super();
  }

  open(): void {
    this.readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }

  send(data: string | ArrayBuffer): void {
    if (this.readyState !== 'open') throw new DOMException('not open', 'InvalidStateError');
    if (typeof data !== 'string') this.bytesSent += data.byteLength;
    const peer = this.peer;
    setTimeout(() => {
      if (peer?.readyState === 'open') peer.dispatchEvent(new MessageEvent('message', { data }));
    });
  }

  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.dispatchEvent(new Event('close'));
    setTimeout(() => this.peer?.close());
  }
}

function pair(label: string): [FakeChannel, FakeChannel] {
  const a = new FakeChannel(label);
  const b = new FakeChannel(label);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

const media = { audio: true, video: true, screen: false };
const asChannel = (c: FakeChannel) => c as unknown as RTCDataChannel;

interface Side {
  call: ReturnType<typeof createCallStore>;
  control: ControlChannels;
  files: FileTransferFeature;
  chat: ChatFeature;
  opened: FakeChannel[];
}

/** Timers that run when the test says so. */
class ManualTimers {
  private readonly pending = new Map<number, { task: () => void; ms: number }>();
  private next = 0;

  readonly schedule: Schedule = (task, ms) => {
    const id = this.next++;
    this.pending.set(id, { task, ms });
    return () => this.pending.delete(id);
  };

  delays(): number[] {
    return [...this.pending.values()].map((p) => p.ms);
  }

  runAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const { task } of due) task();
  }
}

interface SideOptions {
  limit?: Partial<PeerRateLimitOptions>;
  schedule?: Schedule;
}

/** Ada (A) and Bob (B), each with the features wired the way the controller wires them. */
function twoPeople(options: { ada?: SideOptions; bob?: SideOptions } = {}): { ada: Side; bob: Side } {
  const side = (self: string, other: Peer, { limit, schedule }: SideOptions = {}): Side => {
    const call = createCallStore();
    call.getState().joined(self, [other], 8);
    const control = new ControlChannels(limit);
    return {
      call,
      control,
      files: new FileTransferFeature(call, control, schedule),
      chat: new ChatFeature(call, control),
      opened: [],
    };
  };
  const ada = side('A', { peerId: 'B', name: 'Bob', media, host: false }, options.ada);
  const bob = side('B', { peerId: 'A', name: 'Ada', media, host: true }, options.bob);
  const [a, b] = pair('parley');
  ada.control.channel('B', asChannel(a));
  bob.control.channel('A', asChannel(b));
  a.open();
  b.open();
  const link = (from: Side, fromId: string, to: Side) =>
    ({
      createChannel: (label: string) => {
        const [mine, theirs] = pair(label);
        from.opened.push(mine);
        setTimeout(() => {
          to.files.channel(fromId, asChannel(theirs));
          theirs.open();
          mine.open();
        });
        return asChannel(mine);
      },
    }) as unknown as LinkHandle;
  ada.files.linkAdded('B', link(ada, 'A', bob));
  bob.files.linkAdded('A', link(bob, 'B', ada));
  return { ada, bob };
}

const only = (side: Side) => side.files.store.getState().transfers[0];
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) % 256);

// Loaded once here, as after join in the app: messages are then checked and handled at once.
beforeAll(() => loadValidators());

describe('file transfer between two features', () => {
  it('sends nothing before the receiver accepts, then delivers the same bytes', async () => {
    const { ada, bob } = twoPeople();
    const content = bytes(100_000);
    expect(ada.files.send(new File([content], 'notes.bin'), 'B')).toEqual({ ok: true, recipients: 1 });
    await vi.waitFor(() => expect(only(bob)?.status).toBe('incoming'));
    expect(only(bob)).toMatchObject({ name: 'notes.bin', size: 100_000, peerName: 'Ada' });
    expect(only(ada)?.status).toBe('offered');
    expect(ada.opened).toHaveLength(0);

    bob.files.accept(only(bob)?.key ?? '');
    await vi.waitFor(() => expect(only(bob)?.status).toBe('done'));
    await vi.waitFor(() => expect(only(ada)?.status).toBe('done'));
    const received = await (await fetch(only(bob)?.url ?? '')).arrayBuffer();
    expect(Buffer.from(received).equals(Buffer.from(content))).toBe(true);
    // The sender closed the transfer's channel once the receiver said it had everything.
    await vi.waitFor(() => expect(ada.opened[0]?.readyState).toBe('closed'));
  });

  it('opens no channel when the receiver declines', async () => {
    const { ada, bob } = twoPeople();
    ada.files.send(new File([bytes(10)], 'a.txt'), 'B');
    await vi.waitFor(() => expect(only(bob)?.status).toBe('incoming'));
    bob.files.decline(only(bob)?.key ?? '');
    await vi.waitFor(() => expect(only(ada)).toMatchObject({ status: 'declined', endedBy: 'peer' }));
    expect(only(bob)).toMatchObject({ status: 'declined', endedBy: 'self' });
    expect(ada.opened).toHaveLength(0);
  });

  it('stops on both sides when either cancels', async () => {
    const { ada, bob } = twoPeople();
    ada.files.send(new File([bytes(10)], 'a.txt'), 'B');
    await vi.waitFor(() => expect(only(bob)?.status).toBe('incoming'));
    ada.files.cancel(only(ada)?.key ?? '');
    await vi.waitFor(() => expect(only(bob)).toMatchObject({ status: 'cancelled', endedBy: 'peer' }));
    expect(only(ada)).toMatchObject({ status: 'cancelled', endedBy: 'self' });
    // Accepting what was cancelled does nothing.
    bob.files.accept(only(bob)?.key ?? '');
    expect(only(bob)?.status).toBe('cancelled');
  });

  it('closes a transfer channel nobody accepted, unread', () => {
    const { bob } = twoPeople();
    const [, stray] = pair('file:not-offered');
    stray.open();
    bob.files.channel('A', asChannel(stray));
    expect(stray.readyState).toBe('closed');
  });

  it('drops a file when more bytes arrive than were announced', async () => {
    const { ada, bob } = twoPeople();
    ada.control.send('B', { type: 'file-offer', id: 'x1', name: 'liar.bin', size: 10, mime: '' });
    await vi.waitFor(() => expect(only(bob)?.status).toBe('incoming'));
    bob.files.accept(only(bob)?.key ?? '');
    const [mine, theirs] = pair('file:x1');
    bob.files.channel('A', asChannel(theirs));
    theirs.open();
    mine.open();
    mine.send(new ArrayBuffer(20));
    await vi.waitFor(() => expect(only(bob)?.status).toBe('failed'));
    expect(only(bob)?.note).toMatch(/More data arrived than was announced/);
    expect(only(bob)?.url).toBeUndefined();
  });

  it('declines and explains an offer over the size limit, and refuses to offer one', async () => {
    const { ada, bob } = twoPeople();
    ada.control.send('B', {
      type: 'file-offer',
      id: 'big',
      name: 'big.iso',
      size: FILE_MAX_BYTES + 1,
      mime: '',
    });
    await vi.waitFor(() => expect(only(bob)?.status).toBe('failed'));
    expect(only(bob)?.note).toMatch(/Too large to receive/);
    const tooBig = { name: 'x.iso', size: FILE_MAX_BYTES + 1, type: '' } as File;
    expect(ada.files.send(tooBig, 'everyone')).toEqual({
      ok: false,
      message: 'x.iso is 200 MB. Files up to 200 MB can be sent.',
    });
  });

  it('ends transfers with someone who leaves, saying who', async () => {
    const { ada, bob } = twoPeople();
    ada.files.send(new File([bytes(10)], 'a.txt'), 'B');
    await vi.waitFor(() => expect(only(bob)?.status).toBe('incoming'));
    ada.files.linkRemoved('B');
    expect(only(ada)).toMatchObject({ status: 'failed', note: 'Bob left the call before it finished.' });
  });
});

describe('chat between two features', () => {
  it('delivers text with the name the roster gives, and drops malformed messages', async () => {
    const { ada, bob } = twoPeople();
    expect(ada.chat.send('  hello  ')).toBe(true);
    expect(ada.chat.send('   ')).toBe(false);
    // A peer cannot pick its own name: `name` in the message is ignored.
    ada.control.send('B', { type: 'chat', id: 'm2', text: 'I am the admin', sentAt: 1, name: 'Admin' });
    ada.control.send('B', { type: 'chat', id: 'm3', text: 42, sentAt: 1 });
    ada.control.send('B', { type: 'chat', id: 'm4', text: 'last', sentAt: 1 });
    await vi.waitFor(() => expect(bob.chat.store.getState().messages).toHaveLength(3));
    expect(bob.chat.store.getState().messages.map((m) => [m.name, m.text])).toEqual([
      ['Ada', 'hello'],
      ['Ada', 'I am the admin'],
      ['Ada', 'last'],
    ]);
    expect(bob.chat.store.getState().unread).toBe(3);
    expect(ada.chat.store.getState().messages.map((m) => m.name)).toEqual(['You']);
  });
});

describe('ended transfers', () => {
  it('leave the list after a while, except a received file, which waits to be saved', async () => {
    const adaTimers = new ManualTimers();
    const bobTimers = new ManualTimers();
    const { ada, bob } = twoPeople({
      ada: { schedule: adaTimers.schedule },
      bob: { schedule: bobTimers.schedule },
    });
    ada.files.send(new File([bytes(10)], 'declined.txt'), 'B');
    ada.files.send(new File([bytes(10)], 'kept.txt'), 'B');
    await vi.waitFor(() => expect(bob.files.store.getState().transfers).toHaveLength(2));
    const [declined, kept] = bob.files.store.getState().transfers;
    bob.files.decline(declined?.key ?? '');
    bob.files.accept(kept?.key ?? '');
    await vi.waitFor(() =>
      expect(ada.files.store.getState().transfers.map((t) => t.status)).toEqual(['declined', 'done']),
    );
    await vi.waitFor(() => expect(bob.files.store.getState().transfers[1]?.status).toBe('done'));
    expect(adaTimers.delays()).toEqual([ENDED_ROW_TTL_MS, ENDED_ROW_TTL_MS]);
    expect(bobTimers.delays()).toEqual([ENDED_ROW_TTL_MS]);

    adaTimers.runAll();
    bobTimers.runAll();
    expect(ada.files.store.getState().transfers).toEqual([]);
    expect(bob.files.store.getState().transfers.map((t) => t.name)).toEqual(['kept.txt']);
  });

  it('a removed row is not removed again later', async () => {
    const timers = new ManualTimers();
    const { ada, bob } = twoPeople({ ada: { schedule: timers.schedule } });
    ada.files.send(new File([bytes(10)], 'a.txt'), 'B');
    await vi.waitFor(() => expect(only(bob)?.status).toBe('incoming'));
    ada.files.cancel(only(ada)?.key ?? '');
    expect(timers.delays()).toEqual([ENDED_ROW_TTL_MS]);
    ada.files.dismiss(only(ada)?.key ?? '');
    expect(timers.delays()).toEqual([]);
  });
});

describe('a peer that floods us', () => {
  const offer = (i: number) => ({ type: 'file-offer', id: `o${i}`, name: `f${i}.bin`, size: 10, mime: '' });
  const chat = (i: number) => ({ type: 'chat', id: `m${i}`, text: `spam ${i}`, sentAt: 0 });
  const unlimited = { budget: { burst: 1e9, perSecond: 1e9 } };
  /** Sent after a flood; once it arrived, so did everything before it (the channel is ordered). */
  const marker = { type: 'chat', id: 'marker', text: 'marker', sentAt: 0 };
  const arrived = (side: Side) => side.chat.store.getState().messages.some((m) => m.text === 'marker');

  it('gets a bounded list: offers past the cap are declined without a row', async () => {
    const timers = new ManualTimers();
    const { ada, bob } = twoPeople({
      ada: { limit: unlimited },
      bob: { limit: unlimited, schedule: timers.schedule },
    });
    let declined = 0;
    ada.control.on('file-answer', () => declined++);
    // Offers over the size limit are refused at once, but their rows count until they expire.
    for (let i = 0; i < 100; i++) ada.control.send('B', { ...offer(i), size: FILE_MAX_BYTES + 1 });
    for (let i = 100; i < 10_000; i++) ada.control.send('B', offer(i));
    ada.control.send('B', marker);
    await vi.waitFor(() => expect(arrived(bob)).toBe(true));
    const rows = bob.files.store.getState().transfers;
    expect(rows).toHaveLength(OFFERS_PER_PEER_MAX);
    expect(rows.every((t) => t.status === 'failed')).toBe(true);
    await vi.waitFor(() => expect(declined).toBe(10_000));

    // Once those rows have expired, Ada can offer again.
    timers.runAll();
    ada.control.send('B', offer(10_000));
    await vi.waitFor(() => expect(only(bob)).toMatchObject({ name: 'f10000.bin', status: 'incoming' }));
  });

  it('gets a bounded chat history', async () => {
    const { ada, bob } = twoPeople({ bob: { limit: unlimited } });
    for (let i = 0; i < 10_000; i++) ada.control.send('B', chat(i));
    ada.control.send('B', marker);
    await vi.waitFor(() => expect(arrived(bob)).toBe(true));
    const messages = bob.chat.store.getState().messages;
    expect(messages).toHaveLength(CHAT_HISTORY_MAX);
    expect(messages.at(-2)?.text).toBe('spam 9999');
  });

  it('drops what is over its rate limit before reading it, with one warning', async () => {
    const warn = vi.fn();
    let now = 0;
    const { ada, bob } = twoPeople({ bob: { limit: { now: () => now, warn } } });
    // 10,000 chat messages and 10,000 offers within one second of Bob's clock.
    for (let i = 0; i < 10_000; i++) ada.control.send('B', chat(i));
    for (let i = 0; i < 10_000; i++) ada.control.send('B', offer(i));
    const last = { ...chat(20_000), text: 'last' };
    ada.control.send('B', last);
    // The fake channel delivers each message on its own timer, in order: once a timer set now
    // has run, everything sent before it has arrived.
    await new Promise((resolve) => setTimeout(resolve));
    expect(warn).toHaveBeenCalledTimes(1);
    // Bob's clock moves on a second: a few tokens come back, and the next message gets through.
    now = 1000;
    ada.control.send('B', marker);
    await vi.waitFor(() => expect(arrived(bob)).toBe(true));

    const messages = bob.chat.store.getState().messages;
    expect(messages).toHaveLength(INBOUND_BUDGET.burst + 1);
    expect(messages.at(-1)?.text).toBe('marker');
    expect(bob.files.store.getState().transfers).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^Dropped 1 data-channel message\(s\) from peer A/);
  });
});

import type { CallFeature } from '../../rtc/CallFeature';
import { CONTROL_CHANNEL } from '../../rtc/PeerLink';
import { loadedValidators, loadValidators, prefetchValidators, type Validators } from './loadValidators';
import { PeerRateLimit, type PeerRateLimitOptions, type RateBudget } from './PeerRateLimit';

/** A control message is JSON with a `type`; each feature validates the rest with its own schema. */
export interface ControlMessage {
  type: string;
}

type Handler = (peerId: string, message: unknown, validators: Validators) => void;

/** Larger than any message we send (a 2,000-character chat line is ~8 KB of JSON at worst). */
export const CONTROL_MESSAGE_MAX_CHARS = 32 * 1024;
/** Messages waiting for a channel that is still opening; beyond this the oldest are dropped. */
const QUEUE_MAX = 100;
/** Messages received while the validators load (a moment after join); beyond this the oldest go. */
const BACKLOG_MAX = 200;
/**
 * What one peer may send us: chat typed by a person and file offers, answers and cancels clicked by
 * one. Far above that, far below what would keep this tab busy (10,000 messages a second).
 */
export const INBOUND_BUDGET: RateBudget = { burst: 60, perSecond: 20 };

/**
 * Owns our end of each link's `parley` control channel and shares it between features: they send
 * typed messages and subscribe by `type`. Messages over a peer's rate limit, text that is not a
 * JSON object with a string `type`, or that is too large, are dropped here; the subscriber then
 * validates the message's shape with the validators handed to it (loaded on demand: messages that
 * arrive before they have loaded wait for them, in order).
 */
export class ControlChannels implements CallFeature {
  private readonly channels = new Map<string, RTCDataChannel>();
  private readonly queues = new Map<string, string[]>();
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly backlog: Array<{ peerId: string; message: ControlMessage }> = [];
  private readonly limit: PeerRateLimit;

  constructor(options: Partial<PeerRateLimitOptions> = {}) {
    this.limit = new PeerRateLimit({ budget: INBOUND_BUDGET, ...options });
  }

  channel(peerId: string, channel: RTCDataChannel): void {
    if (channel.label !== CONTROL_CHANNEL.label) return;
    if (!loadedValidators()) prefetchValidators();
    this.channels.set(peerId, channel);
    channel.addEventListener('open', () => this.flush(peerId, channel));
    channel.addEventListener('message', (event: MessageEvent) => this.receive(peerId, event.data));
    channel.addEventListener('close', () => {
      if (this.channels.get(peerId) !== channel) return;
      this.channels.delete(peerId);
      this.queues.delete(peerId);
    });
    if (channel.readyState === 'open') this.flush(peerId, channel);
  }

  linkRemoved(peerId: string): void {
    this.channels.delete(peerId);
    this.queues.delete(peerId);
    this.limit.forget(peerId);
    for (let i = this.backlog.length - 1; i >= 0; i--) {
      if (this.backlog[i]?.peerId === peerId) this.backlog.splice(i, 1);
    }
  }

  dispose(): void {
    this.channels.clear();
    this.queues.clear();
    this.backlog.length = 0;
    this.limit.clear();
  }

  /** Subscribes to messages of one `type`; returns the unsubscribe function. */
  on(type: string, handler: Handler): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler);
    this.handlers.set(type, set);
    return () => set.delete(handler);
  }

  /** Peers we have a control channel with (open, or opening: messages wait for it). */
  peers(): string[] {
    return [...this.channels.keys()];
  }

  /** Sends to one peer; false when there is no channel to that peer. */
  send<M extends ControlMessage>(peerId: string, message: M): boolean {
    const channel = this.channels.get(peerId);
    if (!channel || channel.readyState === 'closing' || channel.readyState === 'closed') return false;
    const text = JSON.stringify(message);
    if (channel.readyState === 'open') {
      try {
        channel.send(text);
        return true;
      } catch {
        return false;
      }
    }
    const queue = this.queues.get(peerId) ?? [];
    queue.push(text);
    if (queue.length > QUEUE_MAX) queue.shift();
    this.queues.set(peerId, queue);
    return true;
  }

  /** Sends to every peer we have a channel with; returns who it went to. */
  broadcast<M extends ControlMessage>(message: M): string[] {
    return this.peers().filter((peerId) => this.send(peerId, message));
  }

  private flush(peerId: string, channel: RTCDataChannel): void {
    const queue = this.queues.get(peerId);
    this.queues.delete(peerId);
    for (const text of queue ?? []) {
      try {
        channel.send(text);
      } catch {
        return;
      }
    }
  }

  private receive(peerId: string, data: unknown): void {
    // Before parsing: a flood is dropped for the price of a subtraction per message.
    if (!this.limit.take(peerId)) return;
    const message = parseControlMessage(data);
    if (!message) return;
    const validators = loadedValidators();
    if (validators && this.backlog.length === 0) {
      this.deliver(peerId, message, validators);
      return;
    }
    this.backlog.push({ peerId, message });
    if (this.backlog.length > BACKLOG_MAX) this.backlog.shift();
    if (this.backlog.length === 1) void this.drainWhenLoaded();
  }

  private async drainWhenLoaded(): Promise<void> {
    let validators: Validators;
    try {
      validators = await loadValidators();
    } catch {
      // Not loaded (offline): what waited is dropped, unchecked; the next message tries again.
      this.backlog.length = 0;
      return;
    }
    for (const { peerId, message } of this.backlog.splice(0)) this.deliver(peerId, message, validators);
  }

  private deliver(peerId: string, message: ControlMessage, validators: Validators): void {
    for (const handler of this.handlers.get(message.type) ?? []) handler(peerId, message, validators);
  }
}

/** JSON text whose top level is an object with a string `type`; anything else is null. */
export function parseControlMessage(data: unknown): ControlMessage | null {
  if (typeof data !== 'string' || data.length > CONTROL_MESSAGE_MAX_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' ? (value as ControlMessage) : null;
}

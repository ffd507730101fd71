import type { CallFeature, LinkHandle } from '../../rtc/CallFeature';
import type { CallStoreApi } from '../../store/callStore';
import type { ControlChannels } from '../control/ControlChannels';
import type { Validators } from '../control/loadValidators';
import { fileProblem, formatBytes, ProgressGate, Reassembler, readChunks } from './chunks';
import {
  cleanFileName,
  type FileAnswer,
  type FileCancel,
  type FileOffer,
  FILE_MAX_BYTES,
  fileChannelLabel,
  transferIdOf,
} from './fileMessages';
import { createTransferStore, isActive, type Transfer, type TransferStoreApi } from './transferStore';

/** Above this many bytes waiting in the channel we pause reading; below LOW we go on. */
const BUFFER_HIGH = 1024 * 1024;
const BUFFER_LOW = 256 * 1024;
/**
 * Rows one person's offers may hold in our list besides received files: waiting for our answer,
 * in flight, or ended (until they expire). Their next offers are declined without a row, so no
 * stream of offers, however long, makes the list grow past it.
 */
export const OFFERS_PER_PEER_MAX = 20;
/** How long an ended row stays in the list; a received file stays until it is removed. */
export const ENDED_ROW_TTL_MS = 30_000;
/** The receiver says "done" on the transfer's own channel, after the last byte, before closing. */
const DONE = 'done';

export type SendResult = { ok: true; recipients: number } | { ok: false; message: string };

/** Runs `task` after `ms`; returns what cancels it. Tests pass their own clock. */
export type Schedule = (task: () => void, ms: number) => () => void;

const setTimer: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms);
  return () => clearTimeout(timer);
};

interface Outgoing {
  file: File;
  channel?: RTCDataChannel;
  /** Bytes handed to the channel so far. */
  sent: number;
}

interface Incoming {
  assembler: Reassembler;
  gate: ProgressGate;
  channel?: RTCDataChannel;
}

/**
 * Files to everyone or to one person, over data channels. The offer, the answer and a cancel go
 * over the control channel; once the receiver accepts, the sender opens a channel for that one
 * transfer and pushes 16 KiB chunks, pausing whenever the channel's buffer is full.
 */
export class FileTransferFeature implements CallFeature {
  readonly store: TransferStoreApi = createTransferStore();
  private readonly links = new Map<string, LinkHandle>();
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly incoming = new Map<string, Incoming>();
  /** Ended rows waiting to leave the list, with what cancels their removal. */
  private readonly expiries = new Map<string, () => void>();

  constructor(
    private readonly call: CallStoreApi,
    private readonly control: ControlChannels,
    private readonly schedule: Schedule = setTimer,
  ) {
    control.on('file-offer', (peerId, message, v) => this.onOffer(peerId, message, v));
    control.on('file-answer', (peerId, message, v) => this.onAnswer(peerId, message, v));
    control.on('file-cancel', (peerId, message, v) => this.onCancel(peerId, message, v));
  }

  // ---- what the UI calls ----

  /** Offers `file` to one person or to everyone; says why not when it cannot be sent. */
  send(file: File, to: string | 'everyone'): SendResult {
    const problem = fileProblem(file);
    if (problem) return { ok: false, message: problem };
    const peers = this.call.getState().peers;
    const recipients = (to === 'everyone' ? this.control.peers() : [to]).filter((id) => peers.has(id));
    if (recipients.length === 0) {
      return { ok: false, message: 'Nobody to send it to: wait until someone has joined.' };
    }
    const name = cleanFileName(file.name);
    for (const peerId of recipients) {
      const id = crypto.randomUUID();
      const key = outKey(id);
      this.outgoing.set(key, { file, sent: 0 });
      this.store.getState().add({
        key,
        id,
        direction: 'send',
        peerId,
        peerName: peers.get(peerId)?.name ?? 'Someone',
        name,
        size: file.size,
        bytes: 0,
        status: 'offered',
      });
      const sent = this.post(peerId, {
        type: 'file-offer',
        id,
        name,
        size: file.size,
        mime: file.type.slice(0, 255),
      });
      if (!sent) this.end(key, { status: 'failed', note: 'Not connected to them right now.' });
    }
    return { ok: true, recipients: recipients.length };
  }

  accept(key: string): void {
    const transfer = this.get(key);
    if (transfer?.status !== 'incoming') return;
    this.incoming.set(key, {
      assembler: new Reassembler(transfer.size),
      gate: new ProgressGate(transfer.size),
    });
    this.store.getState().update(key, { status: 'transferring' });
    this.post(transfer.peerId, { type: 'file-answer', id: transfer.id, accept: true });
  }

  decline(key: string): void {
    const transfer = this.get(key);
    if (transfer?.status !== 'incoming') return;
    this.post(transfer.peerId, { type: 'file-answer', id: transfer.id, accept: false });
    this.end(key, { status: 'declined', endedBy: 'self' });
  }

  /** Stops a transfer from this side, before or during the bytes; the other side stops too. */
  cancel(key: string): void {
    const transfer = this.get(key);
    if (!transfer || !isActive(transfer)) return;
    this.post(transfer.peerId, { type: 'file-cancel', id: transfer.id });
    this.end(key, { status: 'cancelled', endedBy: 'self' });
  }

  /** Removes a finished transfer from the list (and frees a received file). */
  dismiss(key: string): void {
    const transfer = this.get(key);
    if (!transfer) return;
    if (isActive(transfer)) this.cancel(key);
    if (transfer.url) URL.revokeObjectURL(transfer.url);
    this.expiries.get(key)?.();
    this.expiries.delete(key);
    this.store.getState().remove(key);
  }

  // ---- CallFeature ----

  linkAdded(peerId: string, link: LinkHandle): void {
    this.links.set(peerId, link);
  }

  channel(peerId: string, channel: RTCDataChannel): void {
    const id = transferIdOf(channel.label);
    if (id === null) return;
    const key = inKey(peerId, id);
    const incoming = this.incoming.get(key);
    // Only a channel for a transfer we accepted, once; anything else is closed unread.
    if (!incoming || incoming.channel || this.get(key)?.status !== 'transferring') {
      channel.close();
      return;
    }
    incoming.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.addEventListener('message', (event: MessageEvent) => this.onChunk(key, event.data));
    channel.addEventListener('close', () => this.onChannelClosed(key));
  }

  linkRemoved(peerId: string): void {
    this.links.delete(peerId);
    const name = this.call.getState().peers.get(peerId)?.name;
    for (const transfer of this.store.getState().transfers) {
      if (transfer.peerId !== peerId || !isActive(transfer)) continue;
      this.end(transfer.key, {
        status: 'failed',
        note: `${name ?? transfer.peerName} left the call before it finished.`,
      });
    }
  }

  dispose(): void {
    for (const transfer of this.store.getState().transfers) {
      if (isActive(transfer)) this.end(transfer.key, { status: 'cancelled', endedBy: 'self' });
      if (transfer.url) URL.revokeObjectURL(transfer.url);
    }
    this.links.clear();
    for (const cancel of this.expiries.values()) cancel();
    this.expiries.clear();
    this.store.getState().reset();
  }

  // ---- control messages ----

  private onOffer(peerId: string, value: unknown, validators: Validators): void {
    const parsed = validators.fileOfferSchema.safeParse(value);
    const peer = this.call.getState().peers.get(peerId);
    if (!parsed.success || !peer) return;
    const offer = parsed.data;
    const key = inKey(peerId, offer.id);
    if (this.get(key)) return;
    const rows = this.store
      .getState()
      .transfers.filter(
        (t) => t.peerId === peerId && t.direction === 'receive' && t.status !== 'done',
      ).length;
    if (rows >= OFFERS_PER_PEER_MAX) {
      this.post(peerId, { type: 'file-answer', id: offer.id, accept: false });
      return;
    }
    const transfer: Transfer = {
      key,
      id: offer.id,
      direction: 'receive',
      peerId,
      peerName: peer.name,
      name: offer.name,
      size: offer.size,
      bytes: 0,
      status: 'incoming',
    };
    this.store.getState().add(transfer);
    if (offer.size > FILE_MAX_BYTES) {
      this.post(peerId, { type: 'file-answer', id: offer.id, accept: false });
      this.end(key, {
        status: 'failed',
        note: `Too large to receive (${formatBytes(offer.size)}; the limit is ${formatBytes(FILE_MAX_BYTES)}).`,
      });
    }
  }

  private onAnswer(peerId: string, value: unknown, validators: Validators): void {
    const parsed = validators.fileAnswerSchema.safeParse(value);
    if (!parsed.success) return;
    const key = outKey(parsed.data.id);
    const transfer = this.get(key);
    const outgoing = this.outgoing.get(key);
    if (!transfer || !outgoing || transfer.peerId !== peerId || transfer.status !== 'offered') return;
    if (!parsed.data.accept) {
      this.end(key, { status: 'declined', endedBy: 'peer' });
      return;
    }
    const link = this.links.get(peerId);
    if (!link) {
      this.end(key, { status: 'failed', note: 'Not connected to them right now.' });
      return;
    }
    this.store.getState().update(key, { status: 'transferring' });
    const channel = link.createChannel(fileChannelLabel(transfer.id), { ordered: true });
    outgoing.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.addEventListener('open', () => void this.pump(key, transfer, outgoing, channel));
    channel.addEventListener('message', (event: MessageEvent) => {
      if (event.data === DONE) {
        this.end(key, { status: 'done', bytes: transfer.size });
      }
    });
    channel.addEventListener('close', () => this.onChannelClosed(key));
  }

  private onCancel(peerId: string, value: unknown, validators: Validators): void {
    const parsed = validators.fileCancelSchema.safeParse(value);
    if (!parsed.success) return;
    for (const key of [outKey(parsed.data.id), inKey(peerId, parsed.data.id)]) {
      const transfer = this.get(key);
      if (transfer?.peerId === peerId && isActive(transfer)) {
        this.end(key, { status: 'cancelled', endedBy: 'peer' });
      }
    }
  }

  // ---- bytes ----

  private async pump(key: string, transfer: Transfer, outgoing: Outgoing, channel: RTCDataChannel) {
    channel.bufferedAmountLowThreshold = BUFFER_LOW;
    const gate = new ProgressGate(transfer.size);
    const stillSending = () => channel.readyState === 'open' && this.get(key)?.status === 'transferring';
    try {
      for await (const chunk of readChunks(outgoing.file)) {
        if (channel.bufferedAmount > BUFFER_HIGH) await drained(channel);
        if (!stillSending()) return;
        channel.send(chunk);
        outgoing.sent += chunk.byteLength;
        // What has left our buffer is as close as we get to what they have.
        const delivered = outgoing.sent - channel.bufferedAmount;
        if (gate.shouldReport(delivered)) this.store.getState().update(key, { bytes: delivered });
      }
    } catch {
      if (!stillSending()) return;
      this.post(transfer.peerId, { type: 'file-cancel', id: transfer.id });
      this.end(key, { status: 'failed', note: 'The file could not be read. Was it moved or deleted?' });
    }
  }

  private onChunk(key: string, data: unknown): void {
    const incoming = this.incoming.get(key);
    const transfer = this.get(key);
    if (!incoming || transfer?.status !== 'transferring' || !(data instanceof ArrayBuffer)) return;
    const result = incoming.assembler.push(data);
    if (result === 'overflow') {
      this.post(transfer.peerId, { type: 'file-cancel', id: transfer.id });
      this.end(key, {
        status: 'failed',
        note: 'More data arrived than was announced; the file was dropped.',
      });
      return;
    }
    const bytes = incoming.assembler.received;
    if (result === 'complete') {
      const url = URL.createObjectURL(incoming.assembler.toBlob());
      const channel = incoming.channel;
      // The sender closes the channel when it reads this; closing it here could overtake it.
      incoming.channel = undefined;
      try {
        channel?.send(DONE);
      } catch {
        channel?.close();
      }
      this.end(key, { status: 'done', bytes, url });
      return;
    }
    if (incoming.gate.shouldReport(bytes)) this.store.getState().update(key, { bytes });
  }

  /**
   * A channel that closes while bytes are still due means the other side stopped. A sender whose
   * every byte went out counts a close as delivery: the reliable channel got them there.
   */
  private onChannelClosed(key: string): void {
    const transfer = this.get(key);
    if (transfer?.status !== 'transferring') return;
    const outgoing = this.outgoing.get(key);
    if (outgoing && outgoing.sent === transfer.size) {
      this.end(key, { status: 'done', bytes: transfer.size });
      return;
    }
    this.end(key, { status: 'cancelled', endedBy: 'peer' });
  }

  /**
   * Moves a transfer to a final state and lets go of its channel and buffers. The row leaves the
   * list after a while, unless it holds a received file: that waits for the person to save it.
   */
  private end(key: string, change: Partial<Transfer>): void {
    const transfer = this.get(key);
    if (!transfer || !isActive(transfer)) return;
    this.store.getState().update(key, change);
    const channel = this.outgoing.get(key)?.channel ?? this.incoming.get(key)?.channel;
    this.outgoing.delete(key);
    this.incoming.delete(key);
    if (channel && channel.readyState !== 'closed') channel.close();
    if (change.url === undefined) {
      this.expiries.set(
        key,
        this.schedule(() => {
          this.expiries.delete(key);
          this.store.getState().remove(key);
        }, ENDED_ROW_TTL_MS),
      );
    }
  }

  private post(peerId: string, message: FileOffer | FileAnswer | FileCancel): boolean {
    return this.control.send(peerId, message);
  }

  private get(key: string): Transfer | undefined {
    return this.store.getState().transfers.find((t) => t.key === key);
  }
}

function outKey(id: string): string {
  return `out:${id}`;
}

function inKey(peerId: string, id: string): string {
  return `in:${peerId}:${id}`;
}

/** Resolves when the channel's buffer has drained below its threshold, or the channel closed. */
function drained(channel: RTCDataChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      channel.removeEventListener('bufferedamountlow', done);
      channel.removeEventListener('close', done);
      resolve();
    };
    channel.addEventListener('bufferedamountlow', done);
    channel.addEventListener('close', done);
  });
}

import { createStore } from 'zustand/vanilla';

/**
 * offered      we proposed it and wait for the answer
 * incoming     they proposed it and wait for ours
 * transferring bytes flow (or are about to: the channel is opening)
 * done         every byte arrived (a receiver can now save the file)
 * declined / cancelled / failed: over, for the reason given
 */
export type TransferStatus =
  | 'offered'
  | 'incoming'
  | 'transferring'
  | 'done'
  | 'declined'
  | 'cancelled'
  | 'failed';

export interface Transfer {
  /** Unique in this store. */
  key: string;
  /** The id both ends use on the wire. */
  id: string;
  direction: 'send' | 'receive';
  peerId: string;
  peerName: string;
  name: string;
  size: number;
  /** Bytes the other side has (sending) or we have (receiving). */
  bytes: number;
  status: TransferStatus;
  /** Who ended a declined or cancelled transfer. */
  endedBy?: 'self' | 'peer';
  /** Why a failed transfer failed, in words. */
  note?: string;
  /** A received file, ready to save (a blob: URL, revoked when dismissed or on leaving). */
  url?: string;
}

export const ACTIVE: ReadonlySet<TransferStatus> = new Set(['offered', 'incoming', 'transferring']);

export function isActive(transfer: Pick<Transfer, 'status'>): boolean {
  return ACTIVE.has(transfer.status);
}

export interface TransferState {
  transfers: Transfer[];
}

export interface TransferActions {
  add(transfer: Transfer): void;
  update(key: string, change: Partial<Omit<Transfer, 'key'>>): void;
  remove(key: string): void;
  reset(): void;
}

export const createTransferStore = () =>
  createStore<TransferState & TransferActions>()((set) => ({
    transfers: [],
    add: (transfer) =>
      set((s) =>
        s.transfers.some((t) => t.key === transfer.key) ? {} : { transfers: [...s.transfers, transfer] },
      ),
    update: (key, change) =>
      set((s) => ({ transfers: s.transfers.map((t) => (t.key === key ? { ...t, ...change } : t)) })),
    remove: (key) => set((s) => ({ transfers: s.transfers.filter((t) => t.key !== key) })),
    reset: () => set({ transfers: [] }),
  }));

export type TransferStoreApi = ReturnType<typeof createTransferStore>;

import { createStore } from 'zustand/vanilla';

export interface ChatEntry {
  /** Unique in this store: who sent it plus their id for it. */
  key: string;
  /** 'self' for our own messages, else the sender's peer id. */
  from: string;
  /** The sender's name when it arrived (kept after they leave). */
  name: string;
  text: string;
  /** Local time it was sent (ours) or received (theirs): clocks of others are not ours to trust. */
  at: number;
}

export interface ChatState {
  messages: ChatEntry[];
  open: boolean;
  /** Messages from others that arrived while the panel was closed. */
  unread: number;
}

export interface ChatActions {
  add(entry: ChatEntry): void;
  setOpen(open: boolean): void;
  reset(): void;
}

/** A long call keeps at most this many messages; older ones scroll away for good. */
export const CHAT_HISTORY_MAX = 500;

const initial: ChatState = { messages: [], open: false, unread: 0 };

export const createChatStore = () =>
  createStore<ChatState & ChatActions>()((set) => ({
    ...initial,
    add: (entry) =>
      set((s) => {
        if (s.messages.some((m) => m.key === entry.key)) return {};
        const messages = [...s.messages, entry].slice(-CHAT_HISTORY_MAX);
        const unread = s.open || entry.from === 'self' ? s.unread : s.unread + 1;
        return { messages, unread };
      }),
    setOpen: (open) => set((s) => ({ open, unread: open ? 0 : s.unread })),
    reset: () => set({ ...initial }),
  }));

export type ChatStoreApi = ReturnType<typeof createChatStore>;

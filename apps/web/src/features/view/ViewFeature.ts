import type { CallFeature } from '../../rtc/CallFeature';
import { CONTROL_CHANNEL } from '../../rtc/PeerLink';
import type { ViewRequest } from '../../rtc/sendPlan';
import type { ControlChannels } from '../control/ControlChannels';
import { type ReceiveModes, requestFor } from './request';
import type { ViewWireMessage } from './viewMessage';
import { loadViewPrefs, requestsEnabled, saveViewPrefs } from './viewPrefs';
import { createViewStore, type ViewStoreApi } from './viewStore';

/** Where a receiver's request goes on our side: the peer mesh, through the controller. */
export interface ViewHost {
  applyViewRequest(peerId: string, request: ViewRequest | null): void;
}

/** One tile showing one of a peer's videos; the tile reports its size until it goes. */
export interface ShownVideo {
  /**
   * Device-pixel height on screen; 0 while it is not visible (scrolled away). Until the first
   * report the tile's size is unknown, and that peer's request waits for it.
   */
  resize(height: number): void;
  remove(): void;
}

/** Resizes settle before we ask: a window being dragged does not send a request per frame. */
export const RESIZE_SETTLE_MS = 300;

interface Shown {
  peerId: string;
  kind: 'camera' | 'screen';
  /** null until the tile is first measured. */
  height: number | null;
}

/**
 * Receiver-driven video, both directions of it. As a receiver: the tiles say at what size they
 * show each peer's camera and screen; with the page's visibility and the audio-only and data-saver
 * modes that becomes one request per peer (request.ts), sent over the control channel when it
 * changes. As a sender: a peer's request goes to the peer mesh, which encodes that peer's copies to
 * match (rtc/sendPlan.ts). Also holds the view's layout choices (viewStore) and remembers them.
 */
export class ViewFeature implements CallFeature {
  readonly store: ViewStoreApi;
  private readonly shown = new Map<number, Shown>();
  private nextId = 0;
  /** What we last asked of each peer (as sent). */
  private readonly sent = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly enabled: boolean;
  private readonly onVisibility = () => this.flush();

  constructor(
    private readonly control: ControlChannels,
    private readonly host: ViewHost,
    options: { enabled?: boolean } = {},
  ) {
    this.enabled = options.enabled ?? requestsEnabled();
    this.store = createViewStore(loadViewPrefs());
    control.on('view', (peerId, message, validators) => {
      const request = validators.parseViewMessage(message);
      if (request) host.applyViewRequest(peerId, request);
    });
    this.store.subscribe((s, p) => {
      if (s.layout !== p.layout || s.audioOnly !== p.audioOnly || s.dataSaver !== p.dataSaver) {
        saveViewPrefs({ layout: s.layout, audioOnly: s.audioOnly, dataSaver: s.dataSaver });
      }
      if (s.audioOnly !== p.audioOnly || s.dataSaver !== p.dataSaver) this.flush();
    });
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** A tile starts showing one of `peerId`'s videos. */
  show(peerId: string, kind: 'camera' | 'screen'): ShownVideo {
    const id = this.nextId++;
    this.shown.set(id, { peerId, kind, height: null });
    this.schedule();
    return {
      resize: (height) => {
        const entry = this.shown.get(id);
        if (!entry || entry.height === height) return;
        entry.height = height;
        this.schedule();
      },
      remove: () => {
        if (this.shown.delete(id)) this.schedule();
      },
    };
  }

  linkAdded(): void {
    this.schedule();
  }

  channel(peerId: string, channel: RTCDataChannel): void {
    if (channel.label !== CONTROL_CHANNEL.label) return;
    // A new channel: the peer's mesh knows nothing of what we asked before.
    this.sent.delete(peerId);
    this.schedule();
  }

  linkRemoved(peerId: string): void {
    this.sent.delete(peerId);
    this.host.applyViewRequest(peerId, null);
  }

  dispose(): void {
    clearTimeout(this.timer);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility);
    this.shown.clear();
    this.sent.clear();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.flush(), RESIZE_SETTLE_MS);
  }

  /** Sends each peer its request where it changed. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.enabled) return;
    const { audioOnly, dataSaver } = this.store.getState();
    const modes: ReceiveModes = {
      hidden: typeof document !== 'undefined' && document.visibilityState === 'hidden',
      audioOnly,
      dataSaver,
    };
    const sizesMatter = !modes.hidden && !modes.audioOnly;
    for (const peerId of this.control.peers()) {
      const heights = { camera: [] as number[], screen: [] as number[] };
      let unmeasured = false;
      for (const entry of this.shown.values()) {
        if (entry.peerId !== peerId) continue;
        if (entry.height === null) unmeasured = true;
        else heights[entry.kind].push(entry.height);
      }
      // A tile that has not been laid out yet (a newcomer's first frame, late on a busy machine)
      // would ask for nothing and pause that sender's video just as the call starts.
      if (unmeasured && sizesMatter) continue;
      const message: ViewWireMessage = { type: 'view', ...requestFor(heights, modes) };
      const text = JSON.stringify(message);
      if (this.sent.get(peerId) === text) continue;
      if (this.control.send(peerId, message)) this.sent.set(peerId, text);
    }
  }
}

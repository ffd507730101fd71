// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ViewRequest } from '../../rtc/sendPlan';
import { ControlChannels } from '../control/ControlChannels';
import { loadValidators } from '../control/loadValidators';
import { RESIZE_SETTLE_MS, ViewFeature } from './ViewFeature';

/** One open end of a control channel that records what it sends and can be handed messages. */
class FakeChannel extends EventTarget {
  readonly label = 'parley';
  readyState: RTCDataChannelState = 'open';
  readonly sent: unknown[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  deliver(message: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(message) }));
  }
}

function setup(enabled = true) {
  const control = new ControlChannels();
  const applied: Array<[string, ViewRequest | null]> = [];
  const view = new ViewFeature(
    control,
    { applyViewRequest: (peerId, r) => applied.push([peerId, r]) },
    { enabled },
  );
  const channels = new Map<string, FakeChannel>();
  const connect = (peerId: string) => {
    const channel = new FakeChannel();
    channels.set(peerId, channel);
    const asRtc = channel as unknown as RTCDataChannel;
    control.channel(peerId, asRtc);
    view.channel(peerId, asRtc);
    return channel;
  };
  return { view, applied, connect };
}

describe('ViewFeature', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks each peer, once resizes settle, for the size its tiles show; again only when it changes', () => {
    const { view, connect } = setup();
    const ann = connect('ann');
    const bob = connect('bob');
    const large = view.show('ann', 'camera');
    large.resize(300);
    large.resize(640);
    vi.advanceTimersByTime(RESIZE_SETTLE_MS - 1);
    expect(ann.sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ann.sent).toEqual([{ type: 'view', camera: 720, screen: 0 }]);
    // Bob has no tile here: nothing of his is shown.
    expect(bob.sent).toEqual([{ type: 'view', camera: 0, screen: 0 }]);

    large.resize(660);
    vi.advanceTimersByTime(RESIZE_SETTLE_MS);
    expect(ann.sent).toHaveLength(1);
    large.remove();
    vi.advanceTimersByTime(RESIZE_SETTLE_MS);
    expect(ann.sent.at(-1)).toEqual({ type: 'view', camera: 0, screen: 0 });
  });

  it('waits for a new tile to be laid out before asking, instead of asking for nothing', () => {
    const { view, connect } = setup();
    const ann = connect('ann');
    const tile = view.show('ann', 'camera');
    // Not measured yet (a busy newcomer's first frame is late): "show nothing" would pause Ann.
    vi.advanceTimersByTime(RESIZE_SETTLE_MS * 3);
    expect(ann.sent).toEqual([]);
    tile.resize(360);
    vi.advanceTimersByTime(RESIZE_SETTLE_MS);
    expect(ann.sent).toEqual([{ type: 'view', camera: 360, screen: 0 }]);
    // A hidden page asks for nothing whatever the sizes, at once, measured or not.
    view.show('ann', 'screen');
    view.store.getState().setAudioOnly(true);
    expect(ann.sent.at(-1)).toEqual({ type: 'view', camera: 0, screen: 0 });
  });

  it('audio-only asks every peer for nothing at once; data saver for thumbnails', () => {
    const { view, connect } = setup();
    const ann = connect('ann');
    view.show('ann', 'camera').resize(700);
    vi.advanceTimersByTime(RESIZE_SETTLE_MS);
    view.store.getState().setAudioOnly(true);
    expect(ann.sent.at(-1)).toEqual({ type: 'view', camera: 0, screen: 0 });
    view.store.getState().setAudioOnly(false);
    view.store.getState().setDataSaver(true);
    expect(ann.sent.at(-1)).toEqual({ type: 'view', camera: 180, screen: 0 });
  });

  it("passes a peer's valid requests to the host, drops malformed ones, forgets a peer that left", async () => {
    // Requests are checked by the validators that load after join; here they have loaded.
    await loadValidators();
    const { view, applied, connect } = setup();
    const ann = connect('ann');
    ann.deliver({ type: 'view', camera: 180, screen: 0 });
    ann.deliver({ type: 'view', camera: 'big', screen: 0 });
    view.linkRemoved('ann');
    expect(applied).toEqual([
      ['ann', { camera: 180, screen: 0 }],
      ['ann', null],
    ]);
  });

  it('switched off, it never asks (senders keep their old behaviour), yet still honours requests', async () => {
    await loadValidators();
    const { view, applied, connect } = setup(false);
    const ann = connect('ann');
    view.show('ann', 'camera').resize(700);
    vi.advanceTimersByTime(RESIZE_SETTLE_MS);
    expect(ann.sent).toEqual([]);
    ann.deliver({ type: 'view', camera: 90, screen: 0 });
    expect(applied).toEqual([['ann', { camera: 90, screen: 0 }]]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallStore } from '../store/callStore';
import { REACTION_MS, RoomControl } from './RoomControl';
import type { ControlPort } from './RoomControl';

function setup(answer: Awaited<ReturnType<ControlPort['command']>> = null) {
  const store = createCallStore();
  const sent: Array<[string, unknown]> = [];
  const port: ControlPort = {
    command: async (event, payload) => {
      sent.push([event, payload]);
      return answer;
    },
  };
  return { store, sent, control: new RoomControl(port, store) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RoomControl', () => {
  it('shows our hand at once and puts it back down when the server refuses', async () => {
    const ok = setup();
    await ok.control.raiseHand(true);
    expect(ok.store.getState().handRaisedAt).not.toBeNull();
    expect(ok.sent).toEqual([['hand', { raised: true }]]);

    const refused = setup('rate_limited');
    await refused.control.raiseHand(true);
    expect(refused.store.getState().handRaisedAt).toBeNull();
    expect(refused.store.getState().problem?.message).toMatch(/Too many/);
  });

  it('bursts a reaction over our tile for a while, and only once the server took it', async () => {
    const { store, control } = setup();
    await control.react('🎉');
    expect(store.getState().reactions).toMatchObject([{ from: 'self', reaction: '🎉' }]);
    await vi.advanceTimersByTimeAsync(REACTION_MS);
    expect(store.getState().reactions).toEqual([]);

    const refused = setup('rate_limited');
    await refused.control.react('🎉');
    expect(refused.store.getState().reactions).toEqual([]);
  });

  it('says why a host action was refused, but not once the call is over for us', async () => {
    const { store, control } = setup('forbidden');
    expect(await control.remove('bob')).toBe(false);
    expect(store.getState().problem?.message).toBe('Only a host can do that.');
    store.getState().setProblem(null);
    store.getState().setExit({ reason: 'ended', by: 'Ada' });
    await control.endForEveryone();
    expect(store.getState().problem).toBeNull();
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createCallStore } from '../../store/callStore';
import { SecurityCodes } from './SecurityCodes';
import { linkCode } from './securityCode';

const media = { audio: true, video: true, screen: false };

function setup() {
  const call = createCallStore();
  call.getState().enterRoom('room-1', 'Me');
  call.getState().joined('me', [{ peerId: 'ann', name: 'Ann', media, host: false }], 8);
  const security = new SecurityCodes(call);
  const settled = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { security, view: () => security.store.getState(), settled };
}

describe('SecurityCodes', () => {
  it("computes each link's code and the call's as the links report their keys", async () => {
    const { security, view, settled } = setup();
    security.keys('ann', { local: ['sha-256 01'], remote: ['sha-256 02'] });
    await settled();
    expect(view().codes.get('ann')).toBe(
      await linkCode('room-1', { local: ['sha-256 02'], remote: ['sha-256 01'] }),
    );
    expect(view().roomCode).toMatch(/^\d{5}( \d{5}){4}$/);
    expect(view().changed).toBeNull();

    security.linkRemoved('ann');
    await settled();
    expect(view().codes.size).toBe(0);
    expect(view().roomCode).toBeNull();
  });

  it('tells the person, by name, when a key changes mid-call', async () => {
    const { security, view, settled } = setup();
    security.keys('ann', { local: ['sha-256 01'], remote: ['sha-256 02'] });
    await settled();
    const before = view().codes.get('ann');
    security.keys('ann', { local: ['sha-256 01'], remote: ['sha-256 99'] });
    await settled();
    expect(view().changed).toBe('Ann');
    expect(view().codes.get('ann')).not.toBe(before);
    security.dismissChange();
    expect(view().changed).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { PeerLinkOptions } from './PeerLink';
import { type MeshLink, PeerMesh } from './PeerMesh';
import type { LinkPlan as UplinkPlan } from './sendPlan';

/** Records how each link was created and what it was asked; no RTCPeerConnection involved. */
function fakeMesh() {
  const created: Array<PeerLinkOptions & { link: MeshLink; plans: UplinkPlan[]; closed: boolean }> = [];
  const mesh = new PeerMesh((options) => {
    const entry = { ...options, plans: [] as UplinkPlan[], closed: false } as (typeof created)[number];
    entry.link = {
      connectionState: 'new',
      receive: async () => undefined,
      setTrack: async () => undefined,
      applyUplink: async (plan) => {
        entry.plans.push(plan);
      },
      setIceServers: () => undefined,
      restartIce: () => undefined,
      close: () => {
        entry.closed = true;
      },
      getStats: async () => new Map() as unknown as RTCStatsReport,
      createChannel: () => ({}) as RTCDataChannel,
    };
    created.push(entry);
    return entry.link;
  });
  const roles = () => Object.fromEntries(created.map((c) => [c.remoteId, c.role]));
  return { mesh, created, roles };
}

const track = { kind: 'video' } as MediaStreamTrack;

describe('PeerMesh: which side of a pair offers', () => {
  it('the newcomer offers to everyone already there; they answer', () => {
    const { mesh, roles } = fakeMesh();
    mesh.setSelf('me');
    mesh.joined(['ann', 'bob']);
    mesh.arrived('cy');
    expect(roles()).toEqual({ ann: 'offer', bob: 'offer', cy: 'answer' });
  });

  it('a signal from someone we have no link with can only be their first offer: we answer', () => {
    const { mesh, roles } = fakeMesh();
    mesh.setSelf('me');
    mesh.receive('dee', { description: { type: 'offer', sdp: 'x' } });
    expect(roles()).toEqual({ dee: 'answer' });
  });

  it('after a resume: a kept seat answers, a new seat offers; existing links stay as they are', () => {
    const kept = fakeMesh();
    kept.mesh.setSelf('me');
    kept.mesh.joined(['ann']);
    kept.mesh.resumed(['ann', 'bob'], true);
    expect(kept.roles()).toEqual({ ann: 'offer', bob: 'answer' });
    expect(kept.created).toHaveLength(2);

    const fresh = fakeMesh();
    fresh.mesh.setSelf('me');
    fresh.mesh.resumed(['ann'], false);
    expect(fresh.roles()).toEqual({ ann: 'offer' });
  });

  it('never links to itself, and a new identity closes every link', () => {
    const { mesh, created } = fakeMesh();
    mesh.setSelf('me');
    mesh.joined(['me', 'ann']);
    expect(created.map((c) => c.remoteId)).toEqual(['ann']);
    mesh.setSelf('me-2');
    expect(created[0]?.closed).toBe(true);
    expect(mesh.has('ann')).toBe(false);
  });

  it('hands new links the tracks we send, and re-divides the uplink as links and tracks change', async () => {
    const { mesh, created } = fakeMesh();
    await mesh.setTrack('camera', track);
    mesh.setSelf('me');
    mesh.joined(['ann']);
    expect(created[0]?.local.camera).toBe(track);
    const ann = created[0];
    const before = ann?.plans.at(-1)?.camera.maxBitrate ?? 0;
    mesh.arrived('bob');
    // Two copies now share the budget.
    expect(ann?.plans.at(-1)?.camera.maxBitrate).toBe(before / 2);
  });

  it("applies a receiver's request to that receiver's link only, and forgets it when the link goes", () => {
    const { mesh, created } = fakeMesh();
    void mesh.setTrack('camera', track);
    mesh.setSelf('me');
    mesh.joined(['ann', 'bob']);
    const [ann, bob] = created;
    mesh.setViewRequest('ann', { camera: 0, screen: 0 });
    expect(ann?.plans.at(-1)?.camera.active).toBe(false);
    expect(bob?.plans.at(-1)?.camera.active).toBe(true);
    expect(bob?.plans.at(-1)?.camera.maxFramerate).toBeUndefined();
    mesh.setViewRequest('bob', { camera: 180, screen: 0 });
    expect(bob?.plans.at(-1)?.camera.maxFramerate).toBe(15);
    mesh.drop('ann');
    mesh.arrived('ann');
    expect(created[2]?.plans.at(-1)?.camera.active).toBe(true);
  });
});

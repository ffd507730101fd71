import type { Actor, ErrorCode, JoinResponse } from '@parley/protocol';
import type { LocalMedia } from '../media/LocalMedia';
import type { PeerMesh } from '../rtc/PeerMesh';
import type { CallStoreApi } from '../store/callStore';
import type { IceCredentials } from './IceCredentials';
import { RELAY_REFUSED } from './problems';
import type { RoomControl } from './RoomControl';
import type { RoomSession } from './RoomSession';

export interface CallParts {
  store: CallStoreApi;
  session: RoomSession;
  mesh: PeerMesh;
  media: LocalMedia;
  ice: IceCredentials;
  control: RoomControl;
  /** The server will not have us back (the facade takes the person to the lobby). */
  ended: (code: ErrorCode) => void;
  /** A host removed us or ended the call (the facade closes everything and says so). */
  out: (reason: 'removed' | 'ended', by: Actor) => void;
}

/**
 * How the call's owners talk: every event one of them emits, and what it means for the others and
 * for the store. Read top to bottom, this is the whole flow of a call.
 */
export function wireCall({ store, session, mesh, media, ice, control, ended, out }: CallParts): void {
  const state = () => store.getState();

  /** Into the call, as a new participant or coming back as ourselves. */
  const entered = (response: JoinResponse): void => {
    const { self, peers, maxPeers, iceServers, iceTransportPolicy, iceExpiresAt } = response;
    state().setRoom(response.room);
    state().setHost(response.host);
    mesh.setSelf(self.peerId);
    mesh.setUplinkBudget(response.uplinkBudgetBps);
    ice.apply(iceServers, iceTransportPolicy, iceExpiresAt);
    if (state().selfId === self.peerId && state().phase === 'in-call') {
      for (const peer of peers) state().peerJoined(peer);
      return;
    }
    // Links first: their offers leave before the call view renders.
    mesh.joined(peers.map((p) => p.peerId));
    state().joined(self.peerId, peers, maxPeers);
  };

  // The server's view of the room.
  session.on('link', (link) => state().setSignaling(link === 'closed' ? 'idle' : link));
  session.on('joined', entered);
  session.on('resumed', (response, seatKept) => {
    entered(response);
    mesh.resumed(
      response.peers.map((p) => p.peerId),
      seatKept,
    );
    // Signals sent while the server was away are lost; a connection that is not up starts over.
    mesh.restartIce(true);
  });
  session.on('peerJoined', (peer) => {
    state().peerJoined(peer);
    mesh.arrived(peer.peerId);
  });
  session.on('peerUpdated', (peer) => state().peerUpdated(peer));
  session.on('peerLeft', (peerId) => {
    mesh.drop(peerId);
    state().peerLeft(peerId);
  });
  session.on('signal', (from, signal) => mesh.receive(from, signal));
  session.on('ended', ended);

  // Room control: the door, hosts, hands, reactions, and what hosts do to us.
  session.on('roomState', (room) => state().setRoom(room));
  session.on('selfUpdated', (self) => {
    state().setHost(self.host);
    state().setHand(self.handRaisedAt ?? null);
  });
  session.on('knock', (knock) => state().knockArrived(knock));
  session.on('knockGone', (knockId) => state().knockGone(knockId));
  session.on('reaction', ({ from, reaction }) => control.burst(from, reaction));
  session.on('muted', ({ kind, by }) => {
    media.turnOff(kind);
    state().setHostNotice(kind === 'audio' ? `${by.name} muted you` : `${by.name} stopped your screen share`);
  });
  session.on('out', out);

  // Our peer connections.
  mesh.on('signal', (peerId, signal) => session.send(peerId, signal));
  mesh.on('track', (peerId, kind, stream) => state().setRemoteStream(peerId, kind, stream));
  mesh.on('connection', (peerId, connection) => state().setConnection(peerId, connection));
  mesh.on('iceError', (code) => {
    // 401: the TURN server refused our credentials (expired, or a secret that does not match).
    if (code === 401 && state().problem?.reason !== 'relay-refused') state().setProblem(RELAY_REFUSED);
  });

  // Our devices, and the credentials of the relay.
  media.on('send', (kind, track) => void mesh.setTrack(kind, track));
  media.on('published', (now) => session.publish(now));
  ice.on('changed', (config) => mesh.setRtcConfig(config));
}

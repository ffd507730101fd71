import type { MediaState, Peer } from '@parley/protocol';
import { createStore } from 'zustand/vanilla';
import type { Background } from '../media/background';
import {
  initialRoomControl,
  type RoomControlActions,
  type RoomControlState,
  roomControlActions,
} from './roomControl';
import type {
  AudioProcessing,
  CallProblem,
  ConnectionStatus,
  DeviceOption,
  DeviceProblem,
  Notice,
  Phase,
  RemotePeer,
  SignalingStatus,
} from './types';

export interface CallState extends RoomControlState {
  roomId: string | null;
  phase: Phase;
  selfId: string | null;
  name: string;
  /** What we send (or will send when we join). */
  media: MediaState;
  /** The camera as shown and sent: with its background processed when one is chosen. */
  camera: MediaStream | null;
  microphone: MediaStream | null;
  screen: MediaStream | null;
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  /** Audio outputs, where the browser can route sound to one (empty elsewhere). */
  speakers: DeviceOption[];
  cameraId: string | null;
  microphoneId: string | null;
  cameraProblem: Notice<DeviceProblem> | null;
  microphoneProblem: Notice<DeviceProblem> | null;
  /** Noise suppression and echo cancellation on our microphone. */
  audioProcessing: AudioProcessing;
  /** RNNoise on our microphone (media/noise.ts), and why it turned itself off, if it did. */
  strongNoise: boolean;
  noiseNotice: string | null;
  peers: ReadonlyMap<string, RemotePeer>;
  signaling: SignalingStatus;
  problem: Notice<CallProblem> | null;
  /** The browser refused to start remote audio without a click. */
  soundBlocked: boolean;
  maxPeers: number | null;
  /** What is done to the camera's background. */
  background: Background;
  /** Why the background effect was turned off by itself, if it was. */
  backgroundNotice: string | null;
}

export interface CallActions {
  enterRoom(roomId: string, name: string): void;
  setName(name: string): void;
  setLocalStreams(streams: { camera?: MediaStream | null; microphone?: MediaStream | null }): void;
  setScreen(screen: MediaStream | null): void;
  setMedia(media: Partial<MediaState>): void;
  setDevices(cameras: DeviceOption[], microphones: DeviceOption[], speakers: DeviceOption[]): void;
  selectDevices(ids: { cameraId?: string | null; microphoneId?: string | null }): void;
  setDeviceProblem(device: 'camera' | 'microphone', problem: Notice<DeviceProblem> | null): void;
  setAudioProcessing(processing: AudioProcessing): void;
  setStrongNoise(on: boolean, notice?: string | null): void;
  setPhase(phase: Phase): void;
  joined(selfId: string, peers: Peer[], maxPeers: number): void;
  peerJoined(peer: Peer): void;
  peerUpdated(peer: Peer): void;
  peerLeft(peerId: string): void;
  setConnection(peerId: string, connection: ConnectionStatus): void;
  setRemoteStream(peerId: string, kind: 'camera' | 'screen' | 'audio', stream: MediaStream | null): void;
  setSignaling(status: SignalingStatus): void;
  setProblem(problem: Notice<CallProblem> | null): void;
  setSoundBlocked(blocked: boolean): void;
  setBackground(background: Background, notice?: string | null): void;
}

export type CallStore = CallState & CallActions & RoomControlActions;

export const initialCallState: CallState = {
  roomId: null,
  phase: 'lobby',
  selfId: null,
  name: '',
  media: { audio: true, video: true, screen: false },
  camera: null,
  microphone: null,
  screen: null,
  cameras: [],
  microphones: [],
  speakers: [],
  cameraId: null,
  microphoneId: null,
  cameraProblem: null,
  microphoneProblem: null,
  audioProcessing: { noiseSuppression: true, echoCancellation: true },
  strongNoise: false,
  noiseNotice: null,
  peers: new Map(),
  signaling: 'idle',
  problem: null,
  soundBlocked: false,
  maxPeers: null,
  ...initialRoomControl,
  background: 'none',
  backgroundNotice: null,
};

function remotePeer(peer: Peer, previous?: RemotePeer): RemotePeer {
  return {
    camera: null,
    screen: null,
    audio: null,
    connection: 'new',
    ...previous,
    peerId: peer.peerId,
    name: peer.name,
    media: peer.media,
    host: peer.host,
    handRaisedAt: peer.handRaisedAt ?? null,
  };
}

/** Maps are replaced, never mutated, so every subscriber sees a new reference on change. */
function withPeer(
  peers: ReadonlyMap<string, RemotePeer>,
  peerId: string,
  change: (peer: RemotePeer) => RemotePeer,
): ReadonlyMap<string, RemotePeer> {
  const current = peers.get(peerId);
  if (!current) return peers;
  const next = new Map(peers);
  next.set(peerId, change(current));
  return next;
}

/** Plain state and pure actions: no sockets, no peer connections, no device access in here. */
export const createCallStore = () =>
  createStore<CallStore>()((set) => ({
    ...initialCallState,
    ...roomControlActions(set),
    // The background choice is the person's, not the room's: it stays for the next room.
    enterRoom: (roomId, name) =>
      set((s) => ({ ...initialCallState, roomId, name, peers: new Map(), background: s.background })),
    setName: (name) => set({ name }),
    setLocalStreams: (streams) => set(streams),
    setScreen: (screen) => set((s) => ({ screen, media: { ...s.media, screen: screen !== null } })),
    setMedia: (media) => set((s) => ({ media: { ...s.media, ...media } })),
    setDevices: (cameras, microphones, speakers) => set({ cameras, microphones, speakers }),
    selectDevices: (ids) => set(ids),
    setDeviceProblem: (device, problem) =>
      set(device === 'camera' ? { cameraProblem: problem } : { microphoneProblem: problem }),
    setAudioProcessing: (audioProcessing) => set({ audioProcessing }),
    setStrongNoise: (strongNoise, notice = null) => set({ strongNoise, noiseNotice: notice }),
    setPhase: (phase) => set({ phase }),
    joined: (selfId, peers, maxPeers) =>
      set((s) => ({
        selfId,
        maxPeers,
        phase: 'in-call',
        problem: null,
        door: 'open',
        passwordNeeded: false,
        peers: new Map(peers.map((p) => [p.peerId, remotePeer(p, s.peers.get(p.peerId))])),
      })),
    peerJoined: (peer) =>
      set((s) => {
        const next = new Map(s.peers);
        next.set(peer.peerId, remotePeer(peer, s.peers.get(peer.peerId)));
        return { peers: next };
      }),
    peerUpdated: (peer) =>
      set((s) => ({
        peers: withPeer(s.peers, peer.peerId, (p) => remotePeer(peer, p)),
      })),
    peerLeft: (peerId) =>
      set((s) => {
        if (!s.peers.has(peerId)) return {};
        const next = new Map(s.peers);
        next.delete(peerId);
        return { peers: next };
      }),
    setConnection: (peerId, connection) =>
      set((s) => ({ peers: withPeer(s.peers, peerId, (p) => ({ ...p, connection })) })),
    setRemoteStream: (peerId, kind, stream) =>
      set((s) => ({ peers: withPeer(s.peers, peerId, (p) => ({ ...p, [kind]: stream })) })),
    setSignaling: (signaling) => set({ signaling }),
    setProblem: (problem) => set({ problem }),
    setSoundBlocked: (soundBlocked) => set({ soundBlocked }),
    setBackground: (background, notice = null) => set({ background, backgroundNotice: notice }),
  }));

export type CallStoreApi = ReturnType<typeof createCallStore>;

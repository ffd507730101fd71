import type { Actor, ErrorCode } from '@parley/protocol';
import * as devices from '../media/devices';
import type { Background } from '../media/background';
import { LocalMedia } from '../media/LocalMedia';
import { loadStrongNoise } from '../media/noise';
import type { CallFeature } from '../rtc/CallFeature';
import { PeerMesh } from '../rtc/PeerMesh';
import type { ViewRequest } from '../rtc/sendPlan';
import { SignalingClient } from '../signaling/SignalingClient';
import type { CallStoreApi } from '../store/callStore';
import { Admission } from './Admission';
import type { AudioProcessing } from '../store/types';
import { IceCredentials } from './IceCredentials';
import { deviceKey, loadName, saveName } from './prefs';
import { problemFromCode } from './problems';
import { RoomControl } from './RoomControl';
import { RoomSession } from './RoomSession';
import { wireCall } from './wiring';

/** How long Join waits for the lobby's camera and microphone to finish opening. */
const PREVIEW_WAIT_MS = 5_000;

/**
 * The facade components call. It owns four managers, wired to each other and to the store in
 * wiring.ts: the room session (the server's view of us), the peer mesh (our connections), local
 * media (our devices) and the ICE credentials. None of them knows this class exists. Room control
 * rides on the session: `admission` is the lobby's door, `room` what hosts (and everyone) can do.
 */
export class CallController {
  private readonly session = new RoomSession(() => new SignalingClient());
  private readonly mesh = new PeerMesh();
  private readonly media: LocalMedia;
  private readonly ice: IceCredentials;
  private readonly admission: Admission;
  readonly room: RoomControl;
  private readonly offNetwork: () => void;

  constructor(private readonly store: CallStoreApi) {
    this.media = new LocalMedia(store, devices);
    this.ice = new IceCredentials(() => this.session.refreshIce());
    this.admission = new Admission(this.session, store);
    this.room = new RoomControl(this.session, store);
    wireCall({
      store,
      session: this.session,
      mesh: this.mesh,
      media: this.media,
      ice: this.ice,
      control: this.room,
      ended: (code) => this.endCall(code),
      out: (reason, by) => this.takenOut(reason, by),
    });
    // A network change (Wi-Fi to cable, VPN up): the old candidate pairs may be dead, so every
    // connection restarts ICE rather than wait to fail.
    const onOnline = () => this.mesh.restartIce();
    window.addEventListener('online', onOnline);
    this.offNetwork = () => window.removeEventListener('online', onOnline);
  }

  /** Adds an in-call feature; call before joining. */
  use(feature: CallFeature): void {
    this.mesh.use(feature);
  }

  /** A receiver said at what size it shows our videos (null: it is gone). */
  applyViewRequest(peerId: string, request: ViewRequest | null): void {
    this.mesh.setViewRequest(peerId, request);
  }

  private get state() {
    return this.store.getState();
  }

  // ---- lobby ----

  /** Shows the lobby: preview and device lists start, and the socket opens so Join is one request. */
  async openRoom(roomId: string): Promise<void> {
    this.state.enterRoom(roomId, loadName());
    this.state.setAudioProcessing(devices.loadAudioProcessing());
    this.state.setStrongNoise(loadStrongNoise());
    this.session.connect();
    void this.mesh.prepare();
    await this.media.start();
  }

  selectCamera = (deviceId: string) => this.media.selectCamera(deviceId);
  selectMicrophone = (deviceId: string) => this.media.selectMicrophone(deviceId);
  setLobbyDevice = (device: 'camera' | 'microphone', on: boolean) => this.media.setLobbyDevice(device, on);
  /** In the lobby and in the call alike. */
  setBackground = (background: Background) => this.media.setBackground(background);

  setName(name: string): void {
    this.state.setName(name);
  }

  /** Joins; a locked room is knocked on, a room with a password needs `password`. */
  async join(password?: string): Promise<void> {
    const { roomId, phase } = this.state;
    const name = this.state.name.trim();
    if (!roomId || phase !== 'lobby' || name === '') return;
    saveName(name);
    this.state.setProblem(null);
    this.state.setDoor('open');
    this.state.setPhase('joining');
    // A quick Join must not find the microphone still opening and join muted.
    await Promise.all([this.media.ready(PREVIEW_WAIT_MS), this.mesh.prepare()]);
    if (this.state.phase !== 'joining') return;
    const key = deviceKey();
    await this.admission.enter(() => ({
      roomId,
      name,
      media: this.media.sending(),
      password: password || undefined,
      deviceKey: key,
    }));
  }

  /** Stops waiting at a locked door (Cancel). */
  cancelKnock(): void {
    this.admission.cancel();
  }

  // ---- in-call controls ----

  setAudioProcessing = (change: Partial<AudioProcessing>) => this.media.setAudioProcessing(change);
  setStrongNoise = (on: boolean) => this.media.setStrongNoise(on);
  toggleMicrophone = () => {
    // "Ada muted you" is answered once the person turns the microphone back on.
    this.state.setHostNotice(null);
    return this.media.toggleMicrophone();
  };
  toggleCamera = () => this.media.toggleCamera();
  toggleScreen = () => this.media.toggleScreen();

  setParticipantsOpen(open: boolean): void {
    this.state.setParticipantsOpen(open);
  }

  dismissHostNotice(): void {
    this.state.setHostNotice(null);
  }

  inviteLink(): string {
    return `${window.location.origin}/r/${this.state.roomId ?? ''}`;
  }

  async copyInvite(): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(this.inviteLink());
      return true;
    } catch {
      // No clipboard here (an insecure page) or permission refused: the button shows the link.
      return false;
    }
  }

  reportSoundBlocked(blocked: boolean): void {
    if (this.state.soundBlocked !== blocked) this.state.setSoundBlocked(blocked);
  }

  /** Picture in picture did not open; `message` says why and what to do. */
  reportPictureInPictureRefused(message: string | null): void {
    if (message) this.state.setProblem({ reason: 'pip-refused', message });
    else if (this.state.problem?.reason === 'pip-refused') this.state.setProblem(null);
  }

  dismissProblem(): void {
    this.state.setProblem(null);
  }

  /** Leave the room and release every device; the page then goes home. */
  async leave(): Promise<void> {
    await this.session.leave();
    this.dispose();
    this.state.setPhase('left');
  }

  /** Releases everything this controller holds. Safe to call more than once. */
  dispose(): void {
    this.offNetwork();
    this.session.close();
    this.room.dispose();
    this.ice.dispose();
    this.mesh.dispose();
    this.media.dispose();
  }

  /** A host removed us or ended the call: every connection and device closed, and the reason shown. */
  private takenOut(reason: 'removed' | 'ended', by: Actor): void {
    const selfId = this.state.selfId;
    this.mesh.closeAll();
    for (const peerId of [...this.state.peers.keys()]) this.state.peerLeft(peerId);
    this.ice.stop();
    this.session.disconnect();
    this.media.dispose();
    this.state.setExit({ reason, by: by.peerId === selfId ? 'You' : by.name });
    this.state.setPhase('left');
  }

  /** The server will not have us back: to the lobby, every connection closed, devices kept. */
  private endCall(code: ErrorCode): void {
    this.mesh.closeAll();
    for (const peerId of [...this.state.peers.keys()]) this.state.peerLeft(peerId);
    this.ice.stop();
    this.session.disconnect();
    this.state.setProblem(problemFromCode(code, this.state.maxPeers));
    this.state.setPhase('lobby');
    this.session.connect();
  }
}

import type { IceRefreshResponse, IceServer } from '@parley/protocol';
import { Emitter } from '../util/Emitter';

export interface IceCredentialsEvents {
  /** New ICE servers (fresh TURN credentials); links use them from their next gathering. */
  changed(config: RTCConfiguration): void;
}

/** Asks the server for fresh credentials; null when it could not answer. */
export type RefreshIce = () => Promise<IceRefreshResponse | null>;

/** Never ask more often than this, whatever the credentials' lifetime. */
export const MIN_ICE_REFRESH_MS = 30_000;

/**
 * The ICE configuration of the call and the lifetime of its minted TURN credentials: renewed
 * halfway through their life, retried soon when the server is away. Nothing is re-armed once
 * disposed, even by a refresh that was in flight.
 */
export class IceCredentials extends Emitter<IceCredentialsEvents> {
  private config: RTCConfiguration = {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly refresh: RefreshIce,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  get rtcConfig(): RTCConfiguration {
    return this.config;
  }

  /** From a join answer: the servers, the transport policy and when minted credentials expire. */
  apply(iceServers: IceServer[], policy: RTCIceTransportPolicy = 'all', expiresAt?: number): void {
    if (this.disposed) return;
    this.config = { iceServers, iceTransportPolicy: policy, bundlePolicy: 'max-bundle' };
    this.emit('changed', this.config);
    this.schedule(expiresAt);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.removeAllListeners();
  }

  private schedule(expiresAt: number | undefined): void {
    clearTimeout(this.timer);
    if (!expiresAt || this.disposed) return;
    const delay = Math.max(MIN_ICE_REFRESH_MS, (expiresAt - this.now()) / 2);
    this.timer = setTimeout(() => void this.renew(), delay);
  }

  private async renew(): Promise<void> {
    const fresh = await this.refresh().catch(() => null);
    if (this.disposed) return;
    if (fresh) {
      this.apply(fresh.iceServers, this.config.iceTransportPolicy, fresh.iceExpiresAt);
      return;
    }
    // Signaling is away or busy: the current credentials are still valid for a while.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.renew(), MIN_ICE_REFRESH_MS);
  }
}

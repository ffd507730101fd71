import type { Logger } from '../logger.js';
import type { Liveness } from '../rooms/store.js';
import { peerChannel, roomChannel } from './channels.js';
import type { Presence } from './presence.js';
import type { ParleyServer } from './types.js';

export interface LivenessDeps {
  io: ParleyServer;
  liveness: Liveness;
  presence: Presence;
  logger: Logger;
}

/**
 * With a shared store: renews this node's leases and sweeps expired ones on a timer. A node that
 * dies stops renewing, so any other node removes its peers once their leases run out and tells
 * their rooms `peer:left`, unless they came back through another node first (which renews them).
 * A seat this node holds but the store no longer has (Redis restarted without its data, or swept
 * it while this node stalled) is put back, and its room told `peer:joined` (to a client that never
 * lost the peer, that is a no-op). Answers a function that stops the timer.
 */
export function startLiveness({ io, liveness, presence, logger }: LivenessDeps): () => void {
  let busy = false;
  const tick = async () => {
    const missing = await liveness.renew(presence.held());
    for (const seat of missing) {
      // Still held by the same connection? It may have left, or moved, while the renewal ran.
      const held = presence.holding(seat);
      if (!held || !(await liveness.restore(held))) continue;
      io.to(roomChannel(held.roomId)).except(peerChannel(held.peerId)).emit('peer:joined', held.peer);
      logger.warn({ roomId: held.roomId, peerId: held.peerId }, 'seat restored');
    }
    for (const { roomId, peerId } of await liveness.sweep()) {
      io.to(roomChannel(roomId)).emit('peer:left', { peerId });
      logger.info({ roomId, peerId, reason: 'lease expired' }, 'peer left');
    }
  };
  const timer = setInterval(() => {
    // A slow Redis must not pile ticks up.
    if (busy) return;
    busy = true;
    tick()
      .catch((error: unknown) => logger.warn({ err: error }, 'renewing or sweeping leases failed'))
      .finally(() => {
        busy = false;
      });
  }, liveness.renewEveryMs);
  return () => clearInterval(timer);
}

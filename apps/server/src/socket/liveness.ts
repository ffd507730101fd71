import type { Logger } from '../logger.js';
import type { Liveness, Seat } from '../rooms/store.js';
import { roomChannel } from './channels.js';
import type { ParleyServer } from './types.js';

export interface LivenessDeps {
  io: ParleyServer;
  liveness: Liveness;
  /** The places this node answers for right now. */
  held: () => Seat[];
  logger: Logger;
}

/**
 * With a shared store: renews this node's leases and sweeps expired ones on a timer. A node that
 * dies stops renewing, so any other node removes its peers once their leases run out and tells
 * their rooms `peer:left`, unless they came back through another node first (which renews them).
 * Answers a function that stops the timer.
 */
export function startLiveness({ io, liveness, held, logger }: LivenessDeps): () => void {
  let busy = false;
  const tick = async () => {
    await liveness.renew(held());
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

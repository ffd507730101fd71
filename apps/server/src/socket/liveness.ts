import type { Logger } from '../logger.js';
import type { Liveness, RoomStore } from '../rooms/store.js';
import { hostChannel, peerChannel, roomChannel } from './channels.js';
import type { Door } from './door.js';
import type { Hosts } from './hosts.js';
import type { Presence } from './presence.js';
import type { ParleyServer } from './types.js';

export interface LivenessDeps {
  io: ParleyServer;
  store: RoomStore;
  liveness: Liveness;
  presence: Presence;
  hosts: Hosts;
  door: Door;
  logger: Logger;
}

/**
 * With a shared store: renews this node's leases and sweeps expired ones on a timer. A node that
 * dies stops renewing, so any other node removes its peers once their leases run out and tells
 * their rooms `peer:left`, unless they came back through another node first (which renews them).
 * A seat this node holds but the store no longer has (Redis restarted without its data, or swept
 * it while this node stalled) is put back, and its room told `peer:joined` (to a client that never
 * lost the peer, that is a no-op). Knocks have leases too: the knocks of a node that died leave
 * their rooms' queues, and the hosts are told `knock:gone`. Answers a function that stops the timer.
 */
export function startLiveness({
  io,
  store,
  liveness,
  presence,
  hosts,
  door,
  logger,
}: LivenessDeps): () => void {
  let busy = false;
  const tick = async () => {
    const missing = await liveness.renew(presence.held());
    for (const seat of missing) {
      // Still held by the same connection? It may have left, or moved, while the renewal ran.
      const held = presence.holding(seat);
      if (!held) continue;
      if (!(await liveness.restore(held))) {
        // Ended through another node (a host removed it, or ended the room): let it go here too.
        if (await store.ended(held.nonce)) presence.release(held);
        continue;
      }
      io.to(roomChannel(held.roomId)).except(peerChannel(held.peerId)).emit('peer:joined', held.peer);
      logger.warn({ roomId: held.roomId, peerId: held.peerId }, 'seat restored');
    }
    const rooms = new Set<string>();
    for (const { roomId, peerId } of await liveness.sweep()) {
      io.to(roomChannel(roomId)).emit('peer:left', { peerId });
      logger.info({ roomId, peerId, reason: 'lease expired' }, 'peer left');
      rooms.add(roomId);
    }
    for (const roomId of rooms) await hosts.afterLeave(roomId);

    door.forget(await liveness.renewKnocks(door.held()));
    for (const { roomId, knock } of await liveness.sweepKnocks()) {
      io.to(hostChannel(roomId)).emit('knock:gone', { knockId: knock.knockId });
      logger.info({ roomId, knockId: knock.knockId, reason: 'lease expired' }, 'knock withdrawn');
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

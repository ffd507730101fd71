import { useCall } from '../../hooks/CallContext';
import { Icon } from '../../ui/Icon';
import { REACTION_NAMES } from './reactions';

/** Over a camera tile: a raised hand (with its place in the queue) and reactions bursting. */
export function TileRoomBadges({ who }: { who: string }) {
  const hand = useCall((s) => (who === 'self' ? s.handRaisedAt : (s.peers.get(who)?.handRaisedAt ?? null)));
  const bursts = useCall((s) => s.reactions);
  const mine = bursts.filter((b) => b.from === who);
  return (
    <>
      {hand !== null && (
        <span className="tile__hand" role="img" aria-label="Hand raised" title="Hand raised">
          <Icon name="hand" size={18} />
        </span>
      )}
      {mine.length > 0 && (
        <span className="tile__reactions" aria-hidden="true">
          {mine.map((b) => (
            <span key={b.id} className="tile__reaction" title={REACTION_NAMES[b.reaction]}>
              {b.reaction}
            </span>
          ))}
        </span>
      )}
    </>
  );
}

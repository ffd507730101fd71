import { useCall } from '../../hooks/CallContext';
import { handOrder } from '../../store/selectors';
import { Icon } from '../../ui/Icon';
import { REACTION_NAMES } from './reactions';

/** Over a camera tile: a raised hand (with its place in the queue) and reactions bursting. */
export function TileRoomBadges({ who }: { who: string }) {
  // Where this hand is in the queue (1 went up first); undefined while down.
  const hand = useCall((s) => handOrder(s).get(who));
  const bursts = useCall((s) => s.reactions);
  const mine = bursts.filter((b) => b.from === who);
  return (
    <>
      {hand !== undefined && (
        <span
          className="tile__hand"
          role="img"
          aria-label={`Hand raised, number ${hand}`}
          title="Hand raised"
        >
          <Icon name="hand" size={16} />
          <span aria-hidden="true">{hand}</span>
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

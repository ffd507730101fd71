import { useCall, useController } from '../../hooks/CallContext';

/** People waiting at the door, each with Admit and Deny; Admit all when several wait. */
export function KnockList({ limit }: { limit?: number }) {
  const controller = useController();
  const knocks = useCall((s) => s.knocks);
  const shown = limit ? knocks.slice(0, limit) : knocks;
  if (knocks.length === 0) return null;
  return (
    <div className="knocks">
      <ul className="knocks__list">
        {shown.map((knock) => (
          <li key={knock.knockId} className="knocks__item">
            <span className="knocks__who">{knock.name} wants to join</span>
            <span className="knocks__actions">
              <button
                type="button"
                className="button button--small button--primary"
                onClick={() => void controller.room.admit(knock.knockId)}
              >
                Admit
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => void controller.room.deny(knock.knockId)}
              >
                Deny
              </button>
            </span>
          </li>
        ))}
      </ul>
      {knocks.length > 1 && (
        <button
          type="button"
          className="button button--small"
          onClick={() => void controller.room.admitAll()}
        >
          Admit all
        </button>
      )}
    </div>
  );
}

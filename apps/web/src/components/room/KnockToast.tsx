import { useCall, useController } from '../../hooks/CallContext';
import { KnockList } from './KnockList';

/** For hosts while the Participants panel is closed: who is waiting, with Admit and Deny at hand. */
export function KnockToast() {
  const controller = useController();
  const show = useCall((s) => s.host && !s.participantsOpen && s.knocks.length > 0);
  const more = useCall((s) => s.knocks.length - 1);
  return (
    <section className="knock-toast" aria-label="Waiting to join" aria-live="polite">
      {show && (
        <>
          <KnockList limit={1} />
          {more > 0 && (
            <button
              type="button"
              className="link-button"
              onClick={() => controller.setParticipantsOpen(true)}
            >
              {more === 1 ? '1 more waiting' : `${more} more waiting`}
            </button>
          )}
        </>
      )}
    </section>
  );
}

import { useEffect, useId, useRef } from 'react';
import { useCall, useController } from '../../hooks/CallContext';
import { Icon } from '../../ui/Icon';

/** The Participants toggle; for hosts, a badge counts the people waiting at the door. */
export function ParticipantsButton() {
  const controller = useController();
  const open = useCall((s) => s.participantsOpen);
  const waiting = useCall((s) => s.knocks.length);
  const ref = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  const waitingId = useId();
  useEffect(() => {
    // Closing the panel removes whatever had focus in it: bring focus back here.
    const active = document.activeElement;
    if (wasOpen.current && !open && (!active || active === document.body)) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <>
      <button
        ref={ref}
        type="button"
        className={`control${open ? ' control--highlight' : ''}`}
        aria-pressed={open}
        aria-describedby={waiting > 0 ? waitingId : undefined}
        onClick={() => controller.setParticipantsOpen(!open)}
      >
        <span className="control__icon">
          <Icon name="people" />
          {waiting > 0 && (
            <span className="badge" aria-hidden="true">
              {waiting}
            </span>
          )}
        </span>
        <span className="control__label">Participants</span>
      </button>
      {waiting > 0 && (
        <span id={waitingId} className="visually-hidden">
          {waiting === 1 ? '1 person waiting to join' : `${waiting} people waiting to join`}
        </span>
      )}
    </>
  );
}

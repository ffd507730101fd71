import { type FormEvent, useId, useState } from 'react';
import { useCall, useController } from '../../hooks/CallContext';

/** As the protocol's passwordSchema bounds it. */
const PASSWORD_MAX = 128;

/** For hosts: set a room password (joiners are asked for it in the lobby), or clear it. */
export function RoomPassword() {
  const controller = useController();
  const hasPassword = useCall((s) => s.room.hasPassword);
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === '') return;
    if (await controller.room.setPassword(draft)) setDraft('');
  };
  return (
    <form className="room-password" onSubmit={(e) => void submit(e)}>
      <label htmlFor={inputId}>New room password</label>
      <div className="inline-form">
        <input
          id={inputId}
          type="password"
          autoComplete="new-password"
          value={draft}
          maxLength={PASSWORD_MAX}
          onChange={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" className="button button--small" disabled={draft === ''}>
          Set password
        </button>
      </div>
      <p className="muted small">
        {hasPassword ? 'This room has a password.' : 'No password: anyone with the link can ask to join.'}{' '}
        {hasPassword && (
          <button
            type="button"
            className="link-button"
            onClick={() => void controller.room.setPassword(null)}
          >
            Clear password
          </button>
        )}
      </p>
    </form>
  );
}

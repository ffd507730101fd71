import { useEffect, useState } from 'react';
import { useController } from '../hooks/CallContext';
import { Icon } from '../ui/Icon';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies the room link; says so visibly (and to screen readers), or shows the link to copy by hand. */
export function InviteButton() {
  const controller = useController();
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => setState((await controller.copyInvite()) ? 'copied' : 'failed');
  return (
    <div className="invite">
      <button type="button" className="control" onClick={() => void copy()}>
        <Icon name={state === 'copied' ? 'check' : 'link'} />
        <span className="control__label">Copy invite link</span>
      </button>
      <div className="invite__feedback" role="status" aria-live="polite">
        {state === 'copied' && <span className="toast">Invite link copied</span>}
        {state === 'failed' && (
          <span className="toast toast--manual">
            Copy this link:{' '}
            <input
              className="invite__link"
              readOnly
              value={controller.inviteLink()}
              aria-label="Invite link"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" className="link-button" onClick={() => setState('idle')}>
              Done
            </button>
          </span>
        )}
      </div>
    </div>
  );
}

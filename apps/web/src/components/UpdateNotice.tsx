import { useStore } from 'zustand';
import { appUpdateStore } from '../store/appUpdate';

const MESSAGES = {
  waiting: 'Parley has been updated. The new version opens next time you open Parley.',
  applied: 'Parley was updated to a new version.',
} as const;

/** Says when a new version of the app is waiting for the next load, or has just arrived. */
export function UpdateNotice() {
  const update = useStore(appUpdateStore, (s) => s.update);
  const dismiss = useStore(appUpdateStore, (s) => s.dismiss);
  if (!update) return null;
  return (
    <div className="banner update-notice" role="status">
      {MESSAGES[update]}
      <button type="button" className="button button--small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

import { lazy, Suspense, useState } from 'react';
import { Icon } from '../../ui/Icon';

const SecurityDialog = lazy(() => import('./SecurityDialog').then((m) => ({ default: m.SecurityDialog })));

/** Opens the security codes. */
export function SecurityButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label="Verify security"
        title="Verify security"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <Icon name="shield" />
      </button>
      {open && (
        <Suspense fallback={null}>
          <SecurityDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

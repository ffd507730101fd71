import { Dialog } from '../../ui/Dialog';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <p className="muted small">They work anywhere in the call except while you type in a text box.</p>
      <dl className="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.key} className="shortcuts__row">
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
        <div className="shortcuts__row">
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>Close a dialog or the chat</dd>
        </div>
      </dl>
    </Dialog>
  );
}

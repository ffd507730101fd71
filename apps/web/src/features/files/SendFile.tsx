import { type ChangeEvent, useId, useRef, useState } from 'react';
import { Icon } from '../../ui/Icon';
import { useCall } from '../../hooks/CallContext';
import { peerList } from '../../store/selectors';
import { useFeatures } from '../FeaturesContext';
import { formatBytes } from './chunks';
import { FILE_MAX_BYTES } from './fileMessages';

type Feedback = { text: string; error: boolean } | null;

/** Choose a recipient (everyone, or one person) and a file; the transfer list takes it from there. */
export function SendFile() {
  const { files } = useFeatures();
  const peers = useCall((s) => s.peers);
  const [to, setTo] = useState('everyone');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const selectId = useId();
  const recipient = to === 'everyone' || peers.has(to) ? to : 'everyone';

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Cleared so that picking the same file again is a change too.
    input.value = '';
    if (!file) return;
    const result = files.send(file, recipient);
    if (!result.ok) {
      setFeedback({ text: result.message, error: true });
      return;
    }
    const who =
      recipient === 'everyone'
        ? `${result.recipients} ${result.recipients === 1 ? 'person' : 'people'}`
        : (peers.get(recipient)?.name ?? 'them');
    setFeedback({ text: `Offered ${file.name} to ${who}. It is sent once they accept.`, error: false });
  };

  return (
    <section className="send-file" aria-label="Send a file">
      <div className="send-file__row">
        <div className="field send-file__to">
          <label htmlFor={selectId}>Send file to</label>
          <select id={selectId} value={recipient} onChange={(e) => setTo(e.currentTarget.value)}>
            <option value="everyone">Everyone</option>
            {peerList({ peers }).map((p) => (
              <option key={p.peerId} value={p.peerId}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button--small"
          disabled={peers.size === 0}
          onClick={() => inputRef.current?.click()}
        >
          <Icon name="attach" size={18} />
          Attach file
        </button>
        <input ref={inputRef} type="file" hidden onChange={choose} />
      </div>
      <p
        className={feedback?.error ? 'field-error small' : 'muted small'}
        role={feedback?.error ? 'alert' : 'status'}
      >
        {feedback?.text ?? `Up to ${formatBytes(FILE_MAX_BYTES)}. Nothing is sent until they accept.`}
      </p>
    </section>
  );
}

import { Icon } from '../../ui/Icon';
import { useFeatures } from '../FeaturesContext';
import { formatBytes, percent } from './chunks';
import type { Transfer } from './transferStore';
import { useTransfers } from './useTransfers';

/**
 * Every file transfer of this call, both directions, with progress and what can be done next.
 * Inside the chat panel while it is open; otherwise floating over the call.
 */
export function FileTray({ placement }: { placement: 'floating' | 'panel' }) {
  const transfers = useTransfers();
  if (transfers.length === 0) return null;
  return (
    <section className={`transfers transfers--${placement}`} aria-label="File transfers">
      <ul className="transfers__list">
        {transfers.map((transfer) => (
          <TransferItem key={transfer.key} transfer={transfer} />
        ))}
      </ul>
    </section>
  );
}

function TransferItem({ transfer }: { transfer: Transfer }) {
  const { files } = useFeatures();
  const { key, name, size, bytes, status, direction, url } = transfer;
  const showProgress =
    status === 'transferring' || status === 'done' || (status === 'cancelled' && bytes > 0);
  const pct = percent(bytes, size);
  return (
    <li className={`transfer transfer--${status}`} data-direction={direction}>
      <div className="transfer__head">
        <Icon name="file" size={18} />
        <span className="transfer__name" title={name}>
          {name}
        </span>
        <span className="transfer__size">{formatBytes(size)}</span>
      </div>
      <p className="transfer__status" role="status">
        {statusText(transfer)}
      </p>
      {showProgress && (
        <div className="transfer__progress">
          <progress
            max={size}
            value={bytes}
            aria-label={`${name}: ${direction === 'send' ? 'sent' : 'received'}`}
            aria-valuetext={`${pct}%`}
          />
          <span className="transfer__pct" aria-hidden="true">
            {pct}%
          </span>
        </div>
      )}
      <div className="transfer__actions">
        {status === 'incoming' && (
          <>
            <button
              type="button"
              className="button button--primary button--small"
              aria-label={`Accept ${name}`}
              onClick={() => files.accept(key)}
            >
              Accept
            </button>
            <button
              type="button"
              className="button button--small"
              aria-label={`Decline ${name}`}
              onClick={() => files.decline(key)}
            >
              Decline
            </button>
          </>
        )}
        {(status === 'offered' || status === 'transferring') && (
          <button
            type="button"
            className="button button--small"
            aria-label={`Cancel ${name}`}
            onClick={() => files.cancel(key)}
          >
            Cancel
          </button>
        )}
        {status === 'done' && url && (
          <a
            className="button button--primary button--small"
            href={url}
            download={name}
            aria-label={`Save ${name}`}
          >
            Save
          </a>
        )}
        {status !== 'incoming' && status !== 'offered' && status !== 'transferring' && (
          <button
            type="button"
            className="button button--small"
            aria-label={`Remove ${name} from the list`}
            onClick={() => files.dismiss(key)}
          >
            Remove
          </button>
        )}
      </div>
    </li>
  );
}

function statusText(t: Transfer): string {
  const peer = t.peerName;
  const sending = t.direction === 'send';
  switch (t.status) {
    case 'offered':
      return `Waiting for ${peer} to accept…`;
    case 'incoming':
      return `${peer} wants to send you this file.`;
    case 'transferring':
      return sending ? `Sending to ${peer}…` : `Receiving from ${peer}…`;
    case 'done':
      return sending ? `Sent to ${peer}.` : `Received from ${peer}.`;
    case 'declined':
      return t.endedBy === 'self' ? 'You declined.' : `${peer} declined.`;
    case 'cancelled':
      return t.endedBy === 'self' ? 'You cancelled.' : `${peer} cancelled.`;
    case 'failed':
      return t.note ?? 'It did not go through.';
  }
}

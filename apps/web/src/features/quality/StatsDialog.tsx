import { Dialog } from '../../ui/Dialog';
import { useCall } from '../../hooks/CallContext';
import { peerList } from '../../store/selectors';
import { describeVerdict } from './classify';
import { QualityBadge } from './QualityBadge';
import type { LinkMeasures } from './stats';
import { useAllQuality } from './useAllQuality';

const rateFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** The numbers behind each tile's quality badge, per participant. */
export function StatsDialog({ onClose }: { onClose: () => void }) {
  const peers = useCall((s) => s.peers);
  const quality = useAllQuality();
  const list = peerList({ peers });
  return (
    <Dialog title="Connection stats" onClose={onClose} className="dialog--wide">
      <p className="muted small">
        Measured every 2 seconds from your browser's WebRTC statistics, for the connection to each person.
      </p>
      {list.length === 0 && <p>Nobody else is in the call yet.</p>}
      {list.map((peer) => {
        const q = quality.get(peer.peerId);
        return (
          <section key={peer.peerId} className="stats" aria-label={peer.name}>
            <h3 className="stats__name">
              {peer.name}
              {q && <QualityBadge quality={q} showReason={false} />}
            </h3>
            {q ? (
              <>
                <p className="small">{describeVerdict(q.verdict)}</p>
                <StatsTable measures={q.measures} />
              </>
            ) : (
              <p className="muted small">
                {peer.connection === 'connected' ? 'Measuring…' : 'Not connected yet.'}
              </p>
            )}
          </section>
        );
      })}
    </Dialog>
  );
}

function StatsTable({ measures: m }: { measures: LinkMeasures }) {
  const rows: Array<[string, string]> = [
    ['Receiving', bitrate(m.inBitrate)],
    ['Sending', bitrate(m.outBitrate)],
    ['Their video', video(m.resolution, m.fps)],
    ['Your video to them', m.sentResolution ?? '—'],
    ['Codecs', [m.videoCodec, m.audioCodec].filter(Boolean).join(', ') || '—'],
    ['Round trip', m.roundTripMs === null ? '—' : `${m.roundTripMs} ms`],
    ['Packet loss', m.loss === null ? '—' : `${rateFormat.format(m.loss * 100)}%`],
    ['Path', path(m)],
  ];
  return (
    <dl className="stats__table">
      {rows.map(([term, value]) => (
        <div key={term} className="stats__row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function bitrate(bps: number): string {
  if (bps >= 1_000_000) return `${rateFormat.format(bps / 1_000_000)} Mbit/s`;
  return `${rateFormat.format(bps / 1000)} kbit/s`;
}

function video(resolution: string | null, fps: number | null): string {
  if (!resolution) return '—';
  return fps === null ? resolution : `${resolution} at ${Math.round(fps)} fps`;
}

function path(m: LinkMeasures): string {
  const types = `${m.localCandidate ?? '?'} ↔ ${m.remoteCandidate ?? '?'}`;
  return m.relayed ? `relayed through a TURN server (${types})` : `direct (${types})`;
}

import { QualityBadge } from '../features/quality/QualityBadge';
import { useLinkQuality } from '../features/quality/useLinkQuality';
import { SELF } from '../features/speaker/speakerStore';
import { useSpeaker } from '../features/speaker/useSpeaker';
import type { ConnectionStatus } from '../store/types';
import { Icon } from '../ui/Icon';
import { VideoView } from '../ui/VideoView';
import { TileRoomBadges } from './room/TileRoomBadges';

export interface TileProps {
  name: string;
  /** The video to show; null shows the participant's initials instead. */
  stream: MediaStream | null;
  kind: 'camera' | 'screen';
  peerId?: string;
  local?: boolean;
  micOn: boolean;
  connection?: ConnectionStatus;
  large?: boolean;
}

const CONNECTION_WORDS: Partial<Record<ConnectionStatus, string>> = {
  new: 'Connecting…',
  connecting: 'Connecting…',
  disconnected: 'Connection interrupted, recovering…',
  failed: 'Connection failed, retrying…',
  closed: 'Disconnected',
};

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts.at(-1)] : [parts[0]];
  return letters
    .map((p) => (p ? [...p][0] : ''))
    .join('')
    .toUpperCase();
}

/**
 * One participant's camera, or one shared screen, with name, microphone and connection state.
 * A camera tile also shows who is speaking (the loudest one highlighted) and, for others, how
 * good the connection to them is.
 */
export function Tile({ name, stream, kind, peerId, local, micOn, connection, large }: TileProps) {
  const label = kind === 'screen' ? `${name}'s screen` : local ? `${name} (you)` : name;
  const connectionWords = connection ? CONNECTION_WORDS[connection] : undefined;
  const who = local ? SELF : (peerId ?? SELF);
  const isCamera = kind === 'camera';
  // Our own muted microphone still listens (for "you're muted"), but that is not speaking.
  const speaking = useSpeaker((v) => isCamera && micOn && v.speaking.has(who));
  const active = useSpeaker((v) => isCamera && micOn && v.active === who);
  const quality = useLinkQuality(isCamera && !local && !connectionWords ? peerId : undefined);
  return (
    <figure
      className={`tile${large ? ' tile--large' : ''}${kind === 'screen' ? ' tile--screen' : ''}${
        active ? ' tile--active' : ''
      }`}
      data-tile={kind}
      data-tile-peer={peerId ?? 'self'}
      data-speaking={speaking ? '' : undefined}
      data-active-speaker={active ? '' : undefined}
    >
      {stream ? (
        <VideoView
          stream={stream}
          peerId={peerId}
          kind={local ? undefined : kind}
          local={local && kind === 'camera'}
          mirrored={local && kind === 'camera'}
          label={label}
          fit={kind === 'screen' ? 'contain' : 'cover'}
        />
      ) : (
        <div className="tile__avatar" aria-hidden="true">
          <span>{initials(name) || '?'}</span>
        </div>
      )}
      {connectionWords && (
        <div className="tile__status" role="status">
          {connectionWords}
        </div>
      )}
      {isCamera && <TileRoomBadges who={local ? 'self' : (peerId ?? 'self')} />}
      {quality && (
        <div className="tile__quality">
          <QualityBadge quality={quality} />
        </div>
      )}
      <figcaption className="tile__caption">
        {kind === 'camera' && !micOn && (
          <span className="tile__muted" role="img" aria-label="Microphone off" title="Microphone off">
            <Icon name="micOff" size={16} />
          </span>
        )}
        {speaking && (
          <span className="tile__speaking" role="img" aria-label="Speaking" title="Speaking">
            <Icon name="speaking" size={16} />
          </span>
        )}
        <span className="tile__name">{label}</span>
        {quality?.measures.relayed && (
          <span className="tile__badge" title="Media goes through a relay (TURN) server">
            Relayed
          </span>
        )}
      </figcaption>
    </figure>
  );
}

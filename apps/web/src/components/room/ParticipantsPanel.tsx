import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCall, useController } from '../../hooks/CallContext';
import { participantRows, type ParticipantRow } from '../../store/selectors';
import { Icon, type IconName } from '../../ui/Icon';
import { KnockList } from './KnockList';
import { ParticipantMenu } from './ParticipantMenu';
import { RoomPassword } from './RoomPassword';

/** Everyone in the call (a side panel; full screen on phones), and for hosts the door and their tools. */
export function ParticipantsPanel() {
  const controller = useController();
  const host = useCall((s) => s.host);
  const inputs = useCall(
    useShallow((s) => ({
      peers: s.peers,
      name: s.name,
      host: s.host,
      media: s.media,
      handRaisedAt: s.handRaisedAt,
    })),
  );
  const rows = useMemo(() => participantRows(inputs), [inputs]);
  return (
    <aside
      className="panel people"
      aria-labelledby="people-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) controller.setParticipantsOpen(false);
      }}
    >
      <header className="panel__header">
        <h2 id="people-title">Participants ({rows.length})</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close participants"
          onClick={() => controller.setParticipantsOpen(false)}
        >
          <Icon name="close" />
        </button>
      </header>
      <div className="people__body">
        {host && <KnockList />}
        <ul className="people__list" aria-label="In the call">
          {rows.map((row, i) => (
            <ParticipantItem
              key={row.peerId}
              row={row}
              hand={row.handRaisedAt !== null ? i + 1 : null}
              host={host}
            />
          ))}
        </ul>
        {host && (
          <div className="people__tools">
            <button
              type="button"
              className="button button--small"
              onClick={() => void controller.room.muteEveryone()}
            >
              Mute everyone
            </button>
            <RoomPassword />
          </div>
        )}
      </div>
    </aside>
  );
}

const MEDIA: ReadonlyArray<{ key: 'audio' | 'video' | 'screen'; on: IconName; off: IconName; name: string }> =
  [
    { key: 'audio', on: 'mic', off: 'micOff', name: 'Microphone' },
    { key: 'video', on: 'camera', off: 'cameraOff', name: 'Camera' },
    { key: 'screen', on: 'screen', off: 'screen', name: 'Screen share' },
  ];

function ParticipantItem({ row, hand, host }: { row: ParticipantRow; hand: number | null; host: boolean }) {
  return (
    <li className="people__item" data-peer={row.peerId}>
      <span className="people__name">
        {row.self ? `${row.name} (you)` : row.name}
        {row.host && <span className="tile__badge">Host</span>}
      </span>
      <span className="people__state">
        {hand !== null && (
          <span className="people__hand" role="img" aria-label={`Hand raised, ${ordinal(hand)}`}>
            <Icon name="hand" size={16} />
            {hand}
          </span>
        )}
        {MEDIA.filter((m) => m.key !== 'screen' || row.media.screen).map((m) => (
          <span
            key={m.key}
            className={`people__media${row.media[m.key] ? '' : ' people__media--off'}`}
            role="img"
            aria-label={`${m.name} ${row.media[m.key] ? 'on' : 'off'}`}
          >
            <Icon name={row.media[m.key] ? m.on : m.off} size={16} />
          </span>
        ))}
        {host && !row.self && <ParticipantMenu row={row} />}
      </span>
    </li>
  );
}

function ordinal(n: number): string {
  return n === 1 ? 'first' : n === 2 ? 'second' : n === 3 ? 'third' : `number ${n}`;
}

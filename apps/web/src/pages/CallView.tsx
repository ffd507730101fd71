import { CallBanners } from '../components/CallBanners';
import { ControlBar } from '../components/ControlBar';
import { RemoteAudio } from '../components/RemoteAudio';
import { Stage } from '../components/Stage';
import { useCall, useController } from '../hooks/CallContext';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { peerList } from '../store/selectors';

export function CallView({ roomId, onLeave }: { roomId: string; onLeave: () => void }) {
  const controller = useController();
  const peers = useCall((s) => s.peers);
  const count = peers.size + 1;
  useDocumentTitle(`(${count}) ${roomId} · Parley`);
  return (
    <main className="call">
      <header className="call__header">
        <span className="brand brand--small">Parley</span>
        <span className="call__room">{roomId}</span>
        <span className="call__count" aria-live="polite">
          {count === 1 ? 'Only you' : `${count} people`}
        </span>
      </header>
      <CallBanners />
      {peers.size === 0 && (
        <p className="call__alone">
          You're the only one here. Send the invite link to the people you want to talk to.
        </p>
      )}
      <Stage />
      {peerList({ peers }).map((p) =>
        p.audio ? <RemoteAudio key={p.peerId} stream={p.audio} peerId={p.peerId} /> : null,
      )}
      <ControlBar
        onLeave={() => {
          void controller.leave().then(onLeave);
        }}
      />
    </main>
  );
}

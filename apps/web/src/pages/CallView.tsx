import { lazy, Suspense, useEffect, useState } from 'react';
import { CallBanners } from '../components/CallBanners';
import { ControlBar } from '../components/ControlBar';
import { Icon, type IconName } from '../ui/Icon';
import { RemoteAudio } from '../components/RemoteAudio';
import { KnockToast } from '../components/room/KnockToast';
import { RoomAnnouncer } from '../components/room/RoomAnnouncer';
import { Stage } from '../components/Stage';
import { useChat } from '../features/chat/useChat';
import { DeviceNotice } from '../features/devices/DeviceNotice';
import { useFeatures } from '../features/FeaturesContext';
import { useHasTransfers } from '../features/files/useHasTransfers';
import { useShortcuts } from '../features/shortcuts/useShortcuts';
import { PictureInPictureButton } from '../features/pip/PictureInPictureButton';
import { RecordingIndicator } from '../features/recording/RecordingIndicator';
import { SecurityButton } from '../features/security/SecurityButton';
import { SecurityNotice } from '../features/security/SecurityNotice';
import { MutedHint } from '../features/speaker/MutedHint';
import { useCall, useController } from '../hooks/CallContext';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { peerList } from '../store/selectors';

// Loaded on first use: the home page and the lobby never need them.
const ChatPanel = lazy(() => import('../features/chat/ChatPanel').then((m) => ({ default: m.ChatPanel })));
const FileTray = lazy(() => import('../features/files/FileTray').then((m) => ({ default: m.FileTray })));
const StatsDialog = lazy(() =>
  import('../features/quality/StatsDialog').then((m) => ({ default: m.StatsDialog })),
);
const SettingsDialog = lazy(() =>
  import('../components/SettingsDialog').then((m) => ({ default: m.SettingsDialog })),
);
const ParticipantsPanel = lazy(() =>
  import('../components/room/ParticipantsPanel').then((m) => ({ default: m.ParticipantsPanel })),
);
const ShortcutsDialog = lazy(() =>
  import('../features/shortcuts/ShortcutsDialog').then((m) => ({ default: m.ShortcutsDialog })),
);

type DialogName = 'stats' | 'settings' | 'shortcuts';

const HEADER_BUTTONS: ReadonlyArray<{ dialog: DialogName; label: string; icon: IconName }> = [
  { dialog: 'stats', label: 'Connection stats', icon: 'stats' },
  { dialog: 'settings', label: 'Settings', icon: 'settings' },
  { dialog: 'shortcuts', label: 'Keyboard shortcuts', icon: 'keyboard' },
];

export function CallView({ roomId, onLeave }: { roomId: string; onLeave: () => void }) {
  const controller = useController();
  const features = useFeatures();
  const peers = useCall((s) => s.peers);
  const chatOpen = useChat((s) => s.open);
  const peopleOpen = useCall((s) => s.participantsOpen);
  const hasTransfers = useHasTransfers();
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const count = peers.size + 1;
  useDocumentTitle(`(${count}) ${roomId} · Parley`);

  useEffect(() => {
    features.speaker.start();
    features.devices.start();
    return () => {
      features.speaker.stop();
      features.devices.stop();
    };
  }, [features]);

  // One side panel at a time: opening one closes the other.
  useEffect(() => {
    if (chatOpen) controller.setParticipantsOpen(false);
  }, [chatOpen, controller]);
  useEffect(() => {
    if (peopleOpen) features.chat.setOpen(false);
  }, [peopleOpen, features]);

  useShortcuts({
    microphone: () => void controller.toggleMicrophone(),
    camera: () => void controller.toggleCamera(),
    screen: () => void controller.toggleScreen(),
    chat: () => features.chat.toggle(),
    help: () => setDialog('shortcuts'),
  });

  const closeDialog = () => setDialog(null);
  return (
    <main className={`call${chatOpen || peopleOpen ? ' call--chat' : ''}`}>
      <header className="call__header">
        <span className="brand brand--small">Parley</span>
        <span className="call__room">{roomId}</span>
        <span className="call__count" aria-live="polite">
          {count === 1 ? 'Only you' : `${count} people`}
        </span>
        <div className="call__tools">
          {HEADER_BUTTONS.map((b) => (
            <button
              key={b.dialog}
              type="button"
              className="icon-button"
              aria-label={b.label}
              title={b.label}
              aria-haspopup="dialog"
              onClick={() => setDialog(b.dialog)}
            >
              <Icon name={b.icon} />
            </button>
          ))}
          <SecurityButton />
          <PictureInPictureButton />
        </div>
      </header>
      <div className="call__banners">
        <CallBanners />
        <DeviceNotice />
        <SecurityNotice />
        <RecordingIndicator />
      </div>
      <div className="call__body">
        {peers.size === 0 && (
          <p className="call__alone">
            You're the only one here. Send the invite link to the people you want to talk to.
          </p>
        )}
        <Stage />
        <MutedHint />
        <KnockToast />
        {hasTransfers && !chatOpen && (
          <Suspense fallback={null}>
            <FileTray placement="floating" />
          </Suspense>
        )}
        {chatOpen && (
          <Suspense fallback={<aside className="panel chat" aria-label="Chat" aria-busy="true" />}>
            <ChatPanel />
          </Suspense>
        )}
        {peopleOpen && (
          <Suspense fallback={<aside className="panel people" aria-label="Participants" aria-busy="true" />}>
            <ParticipantsPanel />
          </Suspense>
        )}
      </div>
      <RoomAnnouncer />
      {peerList({ peers }).map((p) =>
        p.audio ? <RemoteAudio key={p.peerId} stream={p.audio} peerId={p.peerId} /> : null,
      )}
      <ControlBar
        onLeave={() => {
          void controller.leave().then(onLeave);
        }}
      />
      <Suspense fallback={null}>
        {dialog === 'stats' && <StatsDialog onClose={closeDialog} />}
        {dialog === 'settings' && <SettingsDialog onClose={closeDialog} />}
        {dialog === 'shortcuts' && <ShortcutsDialog onClose={closeDialog} />}
      </Suspense>
    </main>
  );
}

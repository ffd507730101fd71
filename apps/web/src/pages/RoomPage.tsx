import { useLayoutEffect, useState } from 'react';
import { CallController } from '../controller/CallController';
import { createFeatures } from '../features/createFeatures';
import { FeaturesContext } from '../features/FeaturesContext';
import { CallContext, useCall } from '../hooks/CallContext';
import { navigate } from '../navigation';
import { createCallStore } from '../store/callStore';
import { CallOverView } from './CallOverView';
import { CallView } from './CallView';
import { LobbyView } from './LobbyView';

/** Owns one visit to a room: a store and a controller that live as long as the page shows the room. */
export function RoomPage({ roomId }: { roomId: string }) {
  const [value] = useState(() => {
    const store = createCallStore();
    const controller = new CallController(store);
    return { store, controller, features: createFeatures(store, controller) };
  });
  // A layout effect, so the preview and the socket start before the first paint rather than after
  // it: a passive effect waited ~200 ms for that paint on a loaded machine (bench:join's lobby).
  useLayoutEffect(() => {
    void value.controller.openRoom(roomId);
    const release = () => value.controller.dispose();
    window.addEventListener('pagehide', release);
    return () => {
      window.removeEventListener('pagehide', release);
      release();
    };
  }, [value, roomId]);
  return (
    <CallContext.Provider value={value}>
      <FeaturesContext.Provider value={value.features}>
        <RoomPhase roomId={roomId} />
      </FeaturesContext.Provider>
    </CallContext.Provider>
  );
}

function RoomPhase({ roomId }: { roomId: string }) {
  const phase = useCall((s) => s.phase);
  const exit = useCall((s) => s.exit);
  if (exit) return <CallOverView exit={exit} />;
  if (phase === 'in-call') return <CallView roomId={roomId} onLeave={() => navigate('/')} />;
  return <LobbyView roomId={roomId} />;
}

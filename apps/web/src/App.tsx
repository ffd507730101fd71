import { isValidRoomId } from '@parley/protocol/room-id';
import { type ComponentType, lazy, Suspense } from 'react';
import { matchRoute, usePathname } from './navigation';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import './styles/index.css';

type RoomPageComponent = ComponentType<{ roomId: string }>;

// The room (lobby, call, signaling, WebRTC) is its own chunk: the home page never loads it.
const loadRoomPage = () => import('./pages/RoomPage').then((m) => m.RoomPage);
const LazyRoomPage = lazy(() => loadRoomPage().then((RoomPage) => ({ default: RoomPage })));
/** Set when the page opened on a room link: the chunk, loaded before the first render. */
let preloadedRoomPage: RoomPageComponent | null = null;

/**
 * Before the first render, on a room link: loads the room's chunk, so the lobby renders at once
 * (shown through Suspense instead, it would wait out React's throttle on revealing suspended
 * content, ~300 ms). The camera and microphone are already opening (early.ts).
 */
export async function prepareLanding(): Promise<void> {
  const landing = matchRoute(window.location.pathname);
  if (landing.page !== 'room' || !isValidRoomId(landing.roomId)) return;
  preloadedRoomPage = await loadRoomPage();
}

export function App() {
  const route = matchRoute(usePathname());
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'room': {
      if (!isValidRoomId(route.roomId)) return <NotFoundPage message="That room link isn't valid." />;
      const RoomPage = preloadedRoomPage ?? LazyRoomPage;
      return (
        <Suspense fallback={<main className="lobby" aria-busy="true" />}>
          <RoomPage key={route.roomId} roomId={route.roomId} />
        </Suspense>
      );
    }
    default:
      return <NotFoundPage message="There's nothing at this address." />;
  }
}

import { isValidRoomId } from '@parley/protocol/room-id';
import { lazy, Suspense } from 'react';
import { openEarly } from './media/devices';
import { matchRoute, usePathname } from './navigation';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import './styles/app.css';

// The room (lobby, call, signaling, WebRTC) is its own chunk: the home page never loads it. A room
// link starts fetching it, and opening the camera and microphone, at once, beside React's first
// render rather than after it.
const loadRoomPage = () => import('./pages/RoomPage');
const landing = matchRoute(window.location.pathname);
if (landing.page === 'room' && isValidRoomId(landing.roomId)) {
  void loadRoomPage();
  openEarly();
}
const RoomPage = lazy(() => loadRoomPage().then((m) => ({ default: m.RoomPage })));

export function App() {
  const route = matchRoute(usePathname());
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'room':
      return isValidRoomId(route.roomId) ? (
        <Suspense fallback={<main className="lobby" aria-busy="true" />}>
          <RoomPage key={route.roomId} roomId={route.roomId} />
        </Suspense>
      ) : (
        <NotFoundPage message="That room link isn't valid." />
      );
    default:
      return <NotFoundPage message="There's nothing at this address." />;
  }
}

import { isValidRoomId } from '@parley/protocol';
import { matchRoute, usePathname } from './navigation';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RoomPage } from './pages/RoomPage';
import './styles/app.css';

export function App() {
  const route = matchRoute(usePathname());
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'room':
      return isValidRoomId(route.roomId) ? (
        <RoomPage key={route.roomId} roomId={route.roomId} />
      ) : (
        <NotFoundPage message="That room link isn't valid." />
      );
    default:
      return <NotFoundPage message="There's nothing at this address." />;
  }
}

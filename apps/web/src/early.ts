import { isValidRoomId } from '@parley/protocol/room-id';
import { openEarly } from './media/devices';

// The first script of the page, tiny, run before the app's bundle is evaluated: on a room link it
// starts opening the camera and microphone at once (the lobby takes them with `takeEarly`).
const room = /^\/r\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
if (room && isValidRoomId(room)) openEarly();

// The signaling benchmark's baseline: Parley's wire protocol relayed by bare Socket.IO.
// No validation, no rate limit, no room capacity, no logs: what a relay costs at the least.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { serveBench } from './control.js';

const httpServer = createServer();
const io = new Server(httpServer, { transports: ['websocket'], serveClient: false });
const peers = new Map<string, { peerId: string; name: string; media: unknown }>();

io.on('connection', (socket) => {
  let room = '';
  socket.on('room:join', ({ roomId, name, media }, ack) => {
    const others = [...(io.sockets.adapter.rooms.get(roomId) ?? [])].map((id) => peers.get(id));
    const peer = { peerId: socket.id, name, media: { ...media, screen: false } };
    peers.set(socket.id, peer);
    room = roomId;
    socket.join(roomId);
    socket.to(roomId).emit('peer:joined', peer);
    ack({ ok: true, data: { self: { peerId: socket.id }, peers: others, iceServers: [], maxPeers: 8 } });
  });
  socket.on('signal', ({ to, ...body }, ack) => {
    io.to(to).emit('signal', { ...body, from: socket.id });
    ack({ ok: true, data: {} });
  });
  socket.on('peer:update', (changes, ack) => {
    const peer = { ...peers.get(socket.id), ...changes };
    peers.set(socket.id, peer);
    socket.to(room).emit('peer:updated', peer);
    ack({ ok: true, data: {} });
  });
  socket.on('disconnect', () => {
    peers.delete(socket.id);
    socket.to(room).emit('peer:left', { peerId: socket.id });
  });
});

await serveBench({
  listen: (port, host) =>
    new Promise((resolve) => httpServer.listen(port, host, () => resolve({ port: addressPort() }))),
  close: () => new Promise((resolve) => io.close(() => resolve())),
});

function addressPort(): number {
  const address = httpServer.address();
  return typeof address === 'object' && address ? address.port : 0;
}

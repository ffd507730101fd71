import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

// The join benchmark's baseline: a plain WebSocket relay (join a room, forward to one peer) and the
// hand-written page, on one port. Nothing Parley does beyond that: no validation, limits or acks.

const page = readFileSync(new URL('page.html', import.meta.url));
const script = readFileSync(new URL('page.js', import.meta.url));
const rooms = new Map<string, Map<string, WebSocket>>();

const http = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  else if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  else res.writeHead(404).end();
});

new WebSocketServer({ server: http, path: '/ws' }).on('connection', (ws) => {
  const id = randomUUID();
  let room: Map<string, WebSocket> | undefined;
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.join) {
      room = rooms.get(message.join) ?? new Map();
      rooms.set(message.join, room);
      ws.send(JSON.stringify({ self: id, peers: [...room.keys()] }));
      room.set(id, ws);
    } else {
      room?.get(message.to)?.send(JSON.stringify({ ...message, to: undefined, from: id }));
    }
  });
  ws.on('close', () => room?.delete(id));
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  if (process.send) process.send({ type: 'listening', port });
  else process.stdout.write(`baseline on http://127.0.0.1:${port}/?room=test\n`);
});

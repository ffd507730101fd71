/**
 * Participants who are only a name on the roster: a page opens Socket.IO connections of its own
 * (the Engine.IO v4 / Socket.IO v5 text protocol over a WebSocket, same origin as the app) and
 * joins them to a room, with no camera, microphone or peer connection. Enough to fill a grid past
 * one page for a screenshot without more browsers; their tiles say "Connecting…".
 */

declare global {
  interface Window {
    __e2eGhosts?: WebSocket[];
  }
}

/** Page function: joins `names` to `roomId`; resolves once the server has acked every join. */
export async function addGhosts({ roomId, names }: { roomId: string; names: string[] }): Promise<void> {
  const url = `${location.origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  window.__e2eGhosts ??= [];
  const sockets = window.__e2eGhosts;
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(url);
          sockets.push(ws);
          ws.onerror = () => reject(new Error(`ghost ${name}: socket error`));
          ws.onmessage = ({ data }) => {
            const text = String(data);
            if (text === '2') ws.send('3');
            else if (text.startsWith('0')) ws.send('40');
            else if (text.startsWith('40'))
              ws.send(
                `420${JSON.stringify(['room:join', { roomId, name, media: { audio: false, video: false } }])}`,
              );
            else if (text.startsWith('430')) {
              if (text.includes('"ok":true')) resolve();
              else reject(new Error(`ghost ${name}: ${text}`));
            }
          };
        }),
    ),
  );
}

/** Page function: the ghosts leave the room (at once, not after the server's reconnect grace), then close. */
export async function removeGhosts(): Promise<void> {
  const sockets = window.__e2eGhosts ?? [];
  window.__e2eGhosts = [];
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.onmessage = ({ data }) => {
            if (String(data).startsWith('431')) resolve();
          };
          ws.send(`421${JSON.stringify(['room:leave', {}])}`);
        }),
    ),
  );
  for (const ws of sockets) ws.close();
}

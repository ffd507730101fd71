import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCall } from '../hooks/CallContext';
import { useElementSize } from '../hooks/useElementSize';
import { peerList, spotlight } from '../store/selectors';
import { bestGrid } from './layout';
import { Tile, type TileProps } from './Tile';

type TileEntry = TileProps & { key: string };

/** All tiles of the call: a grid sized to the window, or a large shared screen with a strip beside it. */
export function Stage() {
  const peers = useCall((s) => s.peers);
  const self = useCall(
    useShallow((s) => ({ name: s.name, camera: s.camera, screen: s.screen, media: s.media })),
  );
  const featured = useCall(spotlight);
  const ref = useRef<HTMLDivElement>(null);
  const size = useElementSize(ref);

  const remote = peerList({ peers });
  const cameras: TileEntry[] = [
    {
      key: 'self',
      name: self.name,
      stream: self.camera,
      kind: 'camera',
      local: true,
      micOn: self.media.audio,
    },
    ...remote.map<TileEntry>((p) => ({
      key: p.peerId,
      name: p.name,
      stream: p.media.video ? p.camera : null,
      kind: 'camera',
      peerId: p.peerId,
      micOn: p.media.audio,
      connection: p.connection === 'connected' ? undefined : p.connection,
    })),
  ];
  const screens: TileEntry[] = [
    ...remote
      .filter((p) => p.media.screen && p.screen)
      .map<TileEntry>((p) => ({
        key: `screen-${p.peerId}`,
        name: p.name,
        stream: p.screen,
        kind: 'screen',
        peerId: p.peerId,
        micOn: p.media.audio,
      })),
    ...(self.screen
      ? [
          {
            key: 'screen-self',
            name: 'You',
            stream: self.screen,
            kind: 'screen',
            local: true,
            micOn: true,
          } as TileEntry,
        ]
      : []),
  ];

  if (featured !== null && screens.length > 0) {
    const mainKey = featured === 'self' ? 'screen-self' : `screen-${featured}`;
    const main = screens.find((t) => t.key === mainKey) ?? screens[0];
    const strip = [...screens.filter((t) => t !== main), ...cameras];
    return (
      <div className="stage stage--spotlight" ref={ref}>
        <div className="stage__main">{main && <Tile {...main} large />}</div>
        <ul className="stage__strip" aria-label="Participants">
          {strip.map(({ key, ...tile }) => (
            <li key={key}>
              <Tile {...tile} />
            </li>
          ))}
        </ul>
      </div>
    );
  }

  // Cameras are asked for 4:3 (media/devices.ts); tiles match, so faces are not cropped away.
  const grid = bestGrid(cameras.length, size.width, size.height, 4 / 3);
  return (
    <div className="stage" ref={ref}>
      <ul
        className="grid"
        aria-label="Participants"
        style={{
          gridTemplateColumns: `repeat(${grid.columns}, ${Math.floor(grid.tileWidth)}px)`,
          gridAutoRows: `${Math.floor(grid.tileHeight)}px`,
        }}
      >
        {cameras.map(({ key, ...tile }) => (
          <li key={key}>
            <Tile {...tile} />
          </li>
        ))}
      </ul>
    </div>
  );
}

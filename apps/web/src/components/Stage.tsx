import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSpeaker } from '../features/speaker/useSpeaker';
import { useView } from '../features/view/useView';
import { useCall } from '../hooks/CallContext';
import { useElementSize } from '../hooks/useElementSize';
import { peerList, sentCamera, sentScreen } from '../store/selectors';
import { stageTile } from './layout/arrange';
import { GridLayout, type TileEntry } from './layout/GridLayout';
import { StageLayout } from './layout/StageLayout';
import { useLastSpeaker } from './layout/useLastSpeaker';

/**
 * All tiles of the call: a grid that pages, or one large tile (a pin, a shared screen, the speaker
 * in speaker view) with a strip. In audio-only mode remote tiles show initials: no video comes in.
 */
export function Stage() {
  const peers = useCall((s) => s.peers);
  const self = useCall(
    useShallow((s) => ({ name: s.name, camera: s.camera, screen: s.screen, media: s.media })),
  );
  const view = useView(useShallow((s) => ({ layout: s.layout, pinned: s.pinned, audioOnly: s.audioOnly })));
  const active = useSpeaker((v) => v.active);
  const speaker = useLastSpeaker(active);
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
      stream: view.audioOnly ? null : sentCamera(p),
      kind: 'camera',
      peerId: p.peerId,
      micOn: p.media.audio,
      connection: p.connection === 'connected' ? undefined : p.connection,
    })),
  ];
  const screens: TileEntry[] = [
    ...remote
      .filter((p) => !view.audioOnly && sentScreen(p) !== null)
      .map<TileEntry>((p) => ({
        key: `screen-${p.peerId}`,
        name: p.name,
        stream: sentScreen(p),
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
  const all = [...screens, ...cameras];
  const mainKey = stageTile({
    keys: all.map((t) => t.key),
    screens: screens.map((t) => t.key),
    pinned: view.pinned,
    speaker,
    layout: view.layout,
  });
  const main = all.find((t) => t.key === mainKey);

  return (
    <div className="stage" ref={ref}>
      {view.audioOnly && (
        <p className="stage__note" role="status">
          Audio only: no video comes in
        </p>
      )}
      {main ? (
        <StageLayout main={main} strip={all.filter((t) => t !== main)} />
      ) : (
        <GridLayout tiles={cameras} width={size.width} height={size.height} active={active} />
      )}
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useCall, useController } from '../../hooks/CallContext';
import { Icon } from '../../ui/Icon';
import { useSpeaker } from '../speaker/useSpeaker';
import { canPictureInPicture, PipWindow, refusalMessage } from './PictureInPicture';
import { pipSource } from './pipSource';

/** Floats the active speaker in a window that stays on top while the person works elsewhere. */
export function PictureInPictureButton() {
  const controller = useController();
  const active = useSpeaker((s) => s.active);
  const peers = useCall((s) => s.peers);
  const camera = useCall((s) => s.camera);
  const source = pipSource(active, peers, camera);
  const [on, setOn] = useState(false);
  const pip = useRef<PipWindow | null>(null);

  const stream = source?.stream ?? null;
  const name = source?.name ?? '';
  useEffect(() => {
    if (stream) pip.current?.show({ stream, name });
  }, [stream, name]);
  useEffect(() => () => pip.current?.close(), []);

  if (!canPictureInPicture()) return null;
  const toggle = async () => {
    if (pip.current) {
      pip.current.close();
      pip.current = null;
      setOn(false);
      return;
    }
    if (!source) return;
    try {
      pip.current = await PipWindow.open(source, () => {
        pip.current = null;
        setOn(false);
      });
      setOn(true);
      controller.reportPictureInPictureRefused(null);
    } catch (error) {
      // Refused (no user gesture, no picture yet, or the browser's own limits): the button stays
      // off and the person is told why.
      setOn(false);
      controller.reportPictureInPictureRefused(refusalMessage(error, source.name));
    }
  };
  return (
    <button
      type="button"
      className="icon-button"
      aria-label="Picture in picture"
      title="Picture in picture"
      aria-pressed={on}
      disabled={!source && !on}
      onClick={() => void toggle()}
    >
      <Icon name="pip" />
    </button>
  );
}

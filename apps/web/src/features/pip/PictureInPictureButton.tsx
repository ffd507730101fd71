import { useEffect, useRef, useState } from 'react';
import { useCall } from '../../hooks/CallContext';
import { Icon } from '../../ui/Icon';
import { useSpeaker } from '../speaker/useSpeaker';
import { canPictureInPicture, PipWindow } from './PictureInPicture';
import { pipSource } from './pipSource';

/** Floats the active speaker in a window that stays on top while the person works elsewhere. */
export function PictureInPictureButton() {
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
    } catch {
      // Refused (no user gesture, or the browser's own limits): the button stays off.
      setOn(false);
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

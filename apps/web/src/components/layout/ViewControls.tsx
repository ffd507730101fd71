import { useView } from '../../features/view/useView';
import { Icon, type IconName } from '../../ui/Icon';
import { LayoutMenu } from './LayoutMenu';

function ViewToggle({
  label,
  on,
  icon,
  onClick,
}: {
  label: string;
  on: boolean;
  icon: IconName;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`control${on ? ' control--highlight' : ''}`}
      aria-pressed={on}
      onClick={onClick}
    >
      <Icon name={icon} />
      <span className="control__label">{label}</span>
    </button>
  );
}

/** The view's controls in the call bar: Layout, and what video this person takes in. */
export function ViewControls() {
  const audioOnly = useView((s) => s.audioOnly);
  const dataSaver = useView((s) => s.dataSaver);
  const setAudioOnly = useView((s) => s.setAudioOnly);
  const setDataSaver = useView((s) => s.setDataSaver);
  return (
    <>
      <LayoutMenu />
      <ViewToggle
        label="Audio only"
        on={audioOnly}
        icon="audioOnly"
        onClick={() => setAudioOnly(!audioOnly)}
      />
      <ViewToggle
        label="Data saver"
        on={dataSaver}
        icon="dataSaver"
        onClick={() => setDataSaver(!dataSaver)}
      />
    </>
  );
}

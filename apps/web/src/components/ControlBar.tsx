import { useShallow } from 'zustand/react/shallow';
import { ChatButton } from '../features/chat/ChatButton';
import { RecordButton } from '../features/recording/RecordButton';
import { useCall, useController } from '../hooks/CallContext';
import { ControlLabel } from '../ui/ControlLabel';
import { Icon, type IconName } from '../ui/Icon';
import { InviteButton } from './InviteButton';
import { HandButton } from './room/HandButton';
import { EndForEveryoneButton, LockRoomButton } from './room/HostControls';
import { ParticipantsButton } from './room/ParticipantsButton';
import { ReactionsButton } from './room/ReactionsButton';
import { ViewControls } from './layout/ViewControls';

interface ToggleProps {
  label: string;
  on: boolean;
  icon: IconName;
  /** Shown, in red, while off: being unheard or unseen is worth noticing; not sharing is not. */
  offIcon?: IconName;
  /** Highlighted while on, for states others should know you are in (sharing your screen). */
  highlight?: boolean;
  onClick: () => void;
  disabled?: boolean;
  /** A line the tooltip adds to the name (why the control is disabled). */
  hint?: string;
}

function Toggle({ label, on, icon, offIcon, highlight, onClick, disabled, hint }: ToggleProps) {
  const state = on ? (highlight ? ' control--highlight' : '') : offIcon ? ' control--off' : '';
  return (
    <button
      type="button"
      className={`control${state}`}
      aria-pressed={on}
      onClick={onClick}
      disabled={disabled}
      aria-description={hint}
    >
      <Icon name={on || !offIcon ? icon : offIcon} />
      <ControlLabel label={label} hint={hint} />
    </button>
  );
}

const canShareScreen =
  typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

/**
 * The call's controls in one row, as most call apps lay them out: the invite at the start, what a
 * person does in the call in the middle (ending with Leave), and the call's views, tools and side
 * panels at the end. Every control is a compact icon button whose name shows as a tooltip.
 */
export function ControlBar({ onLeave }: { onLeave: () => void }) {
  const controller = useController();
  const media = useCall(useShallow((s) => s.media));
  return (
    <nav className="controls" aria-label="Call controls">
      <div className="controls__group controls__group--start">
        <InviteButton />
      </div>
      <div className="controls__group controls__group--main">
        <Toggle
          label="Microphone"
          on={media.audio}
          icon="mic"
          offIcon="micOff"
          onClick={() => void controller.toggleMicrophone()}
        />
        <Toggle
          label="Camera"
          on={media.video}
          icon="camera"
          offIcon="cameraOff"
          onClick={() => void controller.toggleCamera()}
        />
        <Toggle
          label="Share screen"
          on={media.screen}
          icon="screen"
          highlight
          onClick={() => void controller.toggleScreen()}
          disabled={!canShareScreen}
          hint={canShareScreen ? undefined : 'This browser cannot share its screen'}
        />
        <HandButton />
        <ReactionsButton />
        <button type="button" className="control control--leave controls__leave" onClick={onLeave}>
          <Icon name="leave" />
          <span className="control__label">Leave</span>
        </button>
        <EndForEveryoneButton />
      </div>
      <div className="controls__group controls__group--end">
        <ViewControls />
        <RecordButton />
        <LockRoomButton />
        <ParticipantsButton />
        <ChatButton />
      </div>
    </nav>
  );
}

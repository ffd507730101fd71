import { useCall, useController } from '../../hooks/CallContext';
import { PanelToggle } from '../../ui/PanelToggle';

const describeWaiting = (waiting: number) =>
  waiting === 1 ? '1 person waiting to join' : `${waiting} people waiting to join`;

/** The Participants toggle; for hosts, a badge counts the people waiting at the door. */
export function ParticipantsButton() {
  const controller = useController();
  const open = useCall((s) => s.participantsOpen);
  const waiting = useCall((s) => s.knocks.length);
  return (
    <PanelToggle
      label="Participants"
      icon="people"
      open={open}
      onToggle={() => controller.setParticipantsOpen(!open)}
      count={waiting}
      describeCount={describeWaiting}
    />
  );
}

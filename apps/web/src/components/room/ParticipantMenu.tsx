import { useController } from '../../hooks/CallContext';
import type { ParticipantRow } from '../../store/selectors';
import { Icon } from '../../ui/Icon';
import { MenuButton, type MenuItem } from '../../ui/MenuButton';

/** A host's actions on one other participant: "More actions for <name>". */
export function ParticipantMenu({ row }: { row: ParticipantRow }) {
  const { room } = useController();
  // Always the same five, so the menu never shifts under a pointer or a habit; one that has
  // nothing to do (a microphone already off) changes nothing.
  const items: MenuItem[] = [
    { label: 'Make host', onSelect: () => void room.promote(row.peerId) },
    { label: 'Mute', onSelect: () => void room.mute(row.peerId, 'audio') },
    { label: 'Stop screen share', onSelect: () => void room.mute(row.peerId, 'screen') },
    { label: 'Lower hand', onSelect: () => void room.lowerHand(row.peerId) },
    { label: 'Remove from call', onSelect: () => void room.remove(row.peerId) },
  ];
  return (
    <MenuButton
      label={`More actions for ${row.name}`}
      className="icon-button"
      menuClassName="menu--end"
      items={items}
    >
      <Icon name="more" />
    </MenuButton>
  );
}

import { useView } from '../../features/view/useView';
import { Icon } from '../../ui/Icon';
import { MenuButton } from '../../ui/MenuButton';

/** A tile's "More options for <name>" menu: pin it large, or unpin it. */
export function TileMenu({ tileKey, name }: { tileKey: string; name: string }) {
  const pinned = useView((s) => s.pinned === tileKey);
  const togglePin = useView((s) => s.togglePin);
  return (
    <div className="tile__menu">
      <MenuButton
        label={`More options for ${name}`}
        className="tile__menu-button"
        placement="below"
        items={[{ label: pinned ? 'Unpin' : 'Pin', onSelect: () => togglePin(tileKey) }]}
      >
        <Icon name={pinned ? 'pin' : 'more'} size={18} />
      </MenuButton>
    </div>
  );
}

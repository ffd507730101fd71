import { useController } from '../../hooks/CallContext';
import { Icon } from '../../ui/Icon';
import { MenuButton } from '../../ui/MenuButton';
import { REACTION_NAMES, REACTIONS } from './reactions';

/** Reactions: a small menu of emoji; the chosen one bursts over our tile, at everyone. */
export function ReactionsButton() {
  const controller = useController();
  return (
    <MenuButton
      label="Reactions"
      className="control"
      labelShown
      menuClassName="menu--reactions"
      items={REACTIONS.map((reaction) => ({
        label: REACTION_NAMES[reaction],
        content: (
          <span className="menu__emoji" aria-hidden="true">
            {reaction}
          </span>
        ),
        onSelect: () => void controller.room.react(reaction),
      }))}
    >
      <Icon name="smile" />
      <span className="control__label" aria-hidden="true">
        Reactions
      </span>
    </MenuButton>
  );
}

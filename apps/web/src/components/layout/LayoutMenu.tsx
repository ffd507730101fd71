import { useView } from '../../features/view/useView';
import { Icon } from '../../ui/Icon';
import { MenuButton } from '../../ui/MenuButton';

/** The call's Layout button: Grid or Speaker, remembered by this browser. */
export function LayoutMenu() {
  const layout = useView((s) => s.layout);
  const setLayout = useView((s) => s.setLayout);
  return (
    <MenuButton
      label="Layout"
      className="control"
      labelShown
      items={[
        { label: 'Grid', checked: layout === 'grid', onSelect: () => setLayout('grid') },
        { label: 'Speaker', checked: layout === 'speaker', onSelect: () => setLayout('speaker') },
      ]}
    >
      <Icon name={layout === 'grid' ? 'grid' : 'speakerView'} />
      <span className="control__label">Layout</span>
    </MenuButton>
  );
}

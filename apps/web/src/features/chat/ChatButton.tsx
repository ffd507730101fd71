import { PanelToggle } from '../../ui/PanelToggle';
import { useFeatures } from '../FeaturesContext';
import { useChat } from './useChat';

const describeUnread = (unread: number) => (unread === 1 ? '1 unread message' : `${unread} unread messages`);

/** The Chat toggle with its unread count (the count is a description, the name stays "Chat"). */
export function ChatButton() {
  const { chat } = useFeatures();
  const open = useChat((s) => s.open);
  const unread = useChat((s) => s.unread);
  return (
    <PanelToggle
      label="Chat"
      icon="chat"
      open={open}
      onToggle={() => chat.toggle()}
      count={unread}
      describeCount={describeUnread}
    />
  );
}

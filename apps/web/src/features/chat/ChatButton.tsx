import { useEffect, useId, useRef } from 'react';
import { Icon } from '../../ui/Icon';
import { useFeatures } from '../FeaturesContext';
import { useChat } from './useChat';

/** The Chat toggle with its unread count (the count is a description, the name stays "Chat"). */
export function ChatButton() {
  const { chat } = useFeatures();
  const open = useChat((s) => s.open);
  const unread = useChat((s) => s.unread);
  const ref = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  const unreadId = useId();
  useEffect(() => {
    // Closing the panel removes whatever had focus in it: bring focus back here.
    const active = document.activeElement;
    if (wasOpen.current && !open && (!active || active === document.body)) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  // The count lives beside the button, not in it: inside, it would become part of the name.
  return (
    <>
      <button
        ref={ref}
        type="button"
        className={`control${open ? ' control--highlight' : ''}`}
        aria-pressed={open}
        aria-describedby={unread > 0 ? unreadId : undefined}
        onClick={() => chat.toggle()}
      >
        <span className="control__icon">
          <Icon name="chat" />
          {unread > 0 && (
            <span className="badge" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </span>
        <span className="control__label">Chat</span>
      </button>
      {unread > 0 && (
        <span id={unreadId} className="visually-hidden">
          {unread === 1 ? '1 unread message' : `${unread} unread messages`}
        </span>
      )}
    </>
  );
}

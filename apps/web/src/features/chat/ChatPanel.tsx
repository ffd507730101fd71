import {
  type FormEvent,
  type KeyboardEvent,
  memo,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { Icon } from '../../ui/Icon';
import { FileTray } from '../files/FileTray';
import { SendFile } from '../files/SendFile';
import { useFeatures } from '../FeaturesContext';
import { CHAT_MAX_CHARS, charCount, checkDraft } from './chatMessage';
import type { ChatEntry } from './chatStore';
import { MessageText } from './MessageText';
import { useChat } from './useChat';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const numberFormat = new Intl.NumberFormat();
/** The counter appears once a message gets this close to the limit. */
const COUNTER_FROM = CHAT_MAX_CHARS - 200;

/** The chat side panel (a full-screen overlay on phones): messages, composer, files. */
export function ChatPanel() {
  const { chat } = useFeatures();
  const messages = useChat((s) => s.messages);
  const [draft, setDraft] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const stickToEnd = useRef(true);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const check = checkDraft(draft);
  const length = charCount(draft.trim());
  const tooLong = !check.ok && check.reason === 'too-long';

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  // New messages scroll into view unless the person scrolled up to read older ones.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for each new message
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stickToEnd.current) log.scrollTop = log.scrollHeight;
  }, [messages]);

  const send = () => {
    if (!chat.send(draft)) return;
    setDraft('');
    stickToEnd.current = true;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <aside
      className="panel chat"
      aria-label="Chat"
      onKeyDown={(event) => {
        if (event.key === 'Escape') chat.setOpen(false);
      }}
    >
      <header className="panel__header">
        <h2>Chat</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => chat.setOpen(false)}>
          <Icon name="close" />
        </button>
      </header>
      <div
        className="chat__log"
        role="log"
        aria-label="Messages"
        ref={logRef}
        onScroll={(event) => {
          const log = event.currentTarget;
          stickToEnd.current = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
        }}
      >
        <p className="chat__note">
          Messages go straight to the people in the call and are not stored anywhere. Messages sent before you
          joined are not shown.
        </p>
        <ol className="chat__list">
          {messages.map((message) => (
            <Message key={message.key} message={message} />
          ))}
        </ol>
      </div>
      <FileTray placement="panel" />
      <form className="chat__composer" onSubmit={submit}>
        <label htmlFor={inputId} className="visually-hidden">
          Message
        </label>
        <textarea
          id={inputId}
          ref={inputRef}
          rows={2}
          value={draft}
          placeholder="Write a message"
          aria-invalid={tooLong || undefined}
          aria-describedby={tooLong ? `${errorId} ${hintId}` : hintId}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        <div className="chat__composer-row">
          <p id={hintId} className="chat__hint">
            {length >= COUNTER_FROM ? (
              <span className={tooLong ? 'chat__count chat__count--over' : 'chat__count'}>
                {numberFormat.format(length)} / {numberFormat.format(CHAT_MAX_CHARS)}
              </span>
            ) : (
              'Enter sends, Shift+Enter starts a new line'
            )}
          </p>
          <button type="submit" className="button button--primary button--small" disabled={!check.ok}>
            Send
          </button>
        </div>
        {tooLong && (
          <p id={errorId} className="field-error small" role="alert">
            Messages can be up to {numberFormat.format(CHAT_MAX_CHARS)} characters; this one is{' '}
            {numberFormat.format(check.over)} over.
          </p>
        )}
      </form>
      <SendFile />
    </aside>
  );
}

// Typing re-renders the panel on every keystroke; a message already shown is not rendered (nor
// its links looked for) again, as long as its entry is the same object, which the store keeps.
const Message = memo(function Message({ message }: { message: ChatEntry }) {
  const at = new Date(message.at);
  return (
    <li className={`chat__message${message.from === 'self' ? ' chat__message--self' : ''}`}>
      <div className="chat__meta">
        <span className="chat__sender">{message.name}</span>
        <time dateTime={at.toISOString()}>{timeFormat.format(at)}</time>
      </div>
      <p className="chat__text">
        <MessageText text={message.text} />
      </p>
    </li>
  );
});

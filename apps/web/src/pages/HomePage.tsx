import { generateRoomId, parseRoomInput } from '@parley/protocol/room-id';
import { type FormEvent, useId, useState } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { navigate } from '../navigation';

export function HomePage() {
  useDocumentTitle('Parley · Video calls with a link');
  const [room, setRoom] = useState('');
  const [error, setError] = useState<string | null>(null);
  const roomInputId = useId();
  const errorId = useId();

  const go = (event: FormEvent) => {
    event.preventDefault();
    const roomId = parseRoomInput(room);
    if (!roomId) {
      setError(
        'That is not a Parley room. Paste the whole invite link, or type the room id (like k3vq-8d2m-x7rt-h4pa).',
      );
      return;
    }
    navigate(`/r/${roomId}`);
  };

  return (
    <main className="home">
      <section className="home__hero">
        <p className="brand">Parley</p>
        <h1>Video calls with a link.</h1>
        <p className="lead">
          Start a room, send the link, talk. Nothing to install, no account, and your audio and video go
          straight to the people you call.
        </p>
        <button
          type="button"
          className="button button--primary button--large"
          onClick={() => navigate(`/r/${generateRoomId()}`)}
        >
          New room
        </button>
      </section>
      <section className="home__join" aria-labelledby="join-title">
        <h2 id="join-title">Have a link?</h2>
        <form className="inline-form" onSubmit={go} noValidate>
          <label htmlFor={roomInputId} className="visually-hidden">
            Room
          </label>
          <input
            id={roomInputId}
            type="text"
            value={room}
            placeholder="Paste an invite link or room id"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => {
              setRoom(e.currentTarget.value);
              setError(null);
            }}
          />
          <button type="submit" className="button">
            Go
          </button>
        </form>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
    </main>
  );
}

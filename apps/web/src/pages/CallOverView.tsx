import { useEffect, useRef } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { navigate } from '../navigation';
import type { CallExit } from '../store/roomControl';

/** Instead of the call, once a host removed us or ended it for everyone: what happened, and a way home. */
export function CallOverView({ exit }: { exit: CallExit }) {
  const removed = exit.reason === 'removed';
  const title = removed ? 'You were removed from the call' : `${exit.by} ended the call for everyone`;
  useDocumentTitle(`${removed ? 'Removed from the call' : 'Call ended'} · Parley`);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="home">
      <section className="home__hero" role="alert">
        <p className="brand">Parley</p>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p className="lead">
          {removed
            ? `${exit.by}, a host of the call, removed you. To come back, open the link again and ask to join: a host decides.`
            : 'Everyone left the call at once. You can start a new room, or join another one from the start page.'}
        </p>
        <button type="button" className="button button--primary" onClick={() => navigate('/')}>
          Go to the start page
        </button>
      </section>
    </main>
  );
}

import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { navigate } from '../navigation';

export function NotFoundPage({ message }: { message: string }) {
  useDocumentTitle('Not found · Parley');
  return (
    <main className="home">
      <section className="home__hero">
        <p className="brand">Parley</p>
        <h1>{message}</h1>
        <p className="lead">Check the link you were sent, or start a room of your own.</p>
        <button type="button" className="button button--primary" onClick={() => navigate('/')}>
          Go to the start page
        </button>
      </section>
    </main>
  );
}

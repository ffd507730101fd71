import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, prepareLanding } from './App';
import { UpdateNotice } from './components/UpdateNotice';
import { openLatestVersion, registerServiceWorker } from './pwa/serviceWorker';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
      <UpdateNotice />
    </StrictMode>,
  );
// The service worker's registration waits for the page to be loaded and shown: it is not needed to start.
const registerWhenLoaded = () => {
  const register = () => void registerServiceWorker().catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
};
// A chunk that fails to load is tried again by the lazy route; the page renders either way, unless
// it is reloading into a new version of the app.
Promise.all([openLatestVersion().catch(() => false), prepareLanding().catch(() => undefined)]).then(
  ([reloading]) => {
    if (reloading) return;
    render();
    registerWhenLoaded();
  },
);

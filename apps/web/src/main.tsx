import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, prepareLanding } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
// A chunk that fails to load is tried again by the lazy route; the page renders either way.
prepareLanding().then(render, render);

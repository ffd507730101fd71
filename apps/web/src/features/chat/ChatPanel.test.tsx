import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallContext, type CallContextValue } from '../../hooks/CallContext';
import { createCallStore } from '../../store/callStore';
import { ControlChannels } from '../control/ControlChannels';
import type { Features } from '../createFeatures';
import { FeaturesContext } from '../FeaturesContext';
import { FileTransferFeature } from '../files/FileTransferFeature';
import { ChatFeature } from './ChatFeature';
import { ChatPanel } from './ChatPanel';
import * as links from './links';

// Counts how often message text is searched for links, while still finding them.
vi.mock('./links', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./links')>();
  return { ...actual, splitLinks: vi.fn(actual.splitLinks) };
});

afterEach(cleanup);

function renderPanel() {
  const store = createCallStore();
  const control = new ControlChannels();
  const chat = new ChatFeature(store, control);
  const features = { chat, files: new FileTransferFeature(store, control) } as unknown as Features;
  render(
    <CallContext.Provider value={{ store, controller: {} as CallContextValue['controller'] }}>
      <FeaturesContext.Provider value={features}>
        <ChatPanel />
      </FeaturesContext.Provider>
    </CallContext.Provider>,
  );
  return chat;
}

describe('ChatPanel', () => {
  it('does not look for links in messages already shown while someone types', () => {
    const chat = renderPanel();
    act(() => {
      for (let i = 0; i < 3; i++) {
        chat.store
          .getState()
          .add({ key: `p1:${i}`, from: 'p1', name: 'Ada', text: `see https://a.example/${i}`, at: 0 });
      }
    });
    expect(screen.getAllByRole('link')).toHaveLength(3);
    const parsed = vi.mocked(links.splitLinks).mock.calls.length;
    expect(parsed).toBe(3);

    const box = screen.getByRole('textbox', { name: 'Message' });
    for (const draft of ['h', 'he', 'hel', 'hell', 'hello'])
      fireEvent.change(box, { target: { value: draft } });
    expect(box).toHaveProperty('value', 'hello');
    expect(vi.mocked(links.splitLinks).mock.calls.length).toBe(parsed);

    act(() => {
      chat.store.getState().add({ key: 'p1:3', from: 'p1', name: 'Ada', text: 'one more', at: 0 });
    });
    expect(vi.mocked(links.splitLinks).mock.calls.length).toBe(parsed + 1);
  });
});

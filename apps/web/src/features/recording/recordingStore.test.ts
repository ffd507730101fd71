import { describe, expect, it } from 'vitest';
import { parseRecordingMessage } from './recordingMessage';
import { createRecordingStore } from './recordingStore';

describe('recording messages', () => {
  it('accept only { type: "recording", active: boolean }', () => {
    expect(parseRecordingMessage({ type: 'recording', active: true })).toEqual({
      type: 'recording',
      active: true,
    });
    expect(parseRecordingMessage({ type: 'recording', active: 'yes' })).toBeNull();
    expect(parseRecordingMessage({ type: 'recording' })).toBeNull();
    expect(parseRecordingMessage(null)).toBeNull();
  });
});

describe('recording store', () => {
  it('keeps who records, each once, and replaces the set on change', () => {
    const store = createRecordingStore();
    const before = store.getState().others;
    store.getState().setOther('ann', true);
    store.getState().setOther('ann', true);
    expect([...store.getState().others]).toEqual(['ann']);
    expect(store.getState().others).not.toBe(before);
    store.getState().setOther('ann', false);
    expect(store.getState().others.size).toBe(0);
  });
});

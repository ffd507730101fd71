import { describe, expect, it } from 'vitest';
import { requestFor } from './request';
import { parseViewMessage } from './viewMessage';

const normal = { hidden: false, audioOnly: false, dataSaver: false };

describe('requestFor', () => {
  it('asks for the largest tile showing each video, rounded up to a step; nothing for what is not shown', () => {
    expect(requestFor({ camera: [120, 500], screen: [] }, normal)).toEqual({ camera: 720, screen: 0 });
  });

  it('asks for nothing while the page is hidden or in audio-only, thumbnails in data saver', () => {
    const shown = { camera: [700], screen: [1000] };
    expect(requestFor(shown, { ...normal, hidden: true })).toEqual({ camera: 0, screen: 0 });
    expect(requestFor(shown, { ...normal, audioOnly: true })).toEqual({ camera: 0, screen: 0 });
    expect(requestFor(shown, { ...normal, dataSaver: true })).toEqual({ camera: 180, screen: 180 });
    expect(requestFor({ camera: [60], screen: [] }, { ...normal, dataSaver: true }).camera).toBe(90);
  });
});

describe('parseViewMessage', () => {
  it('takes only the heights of the steps', () => {
    expect(parseViewMessage({ type: 'view', camera: 180, screen: 0 })).toEqual({ camera: 180, screen: 0 });
    expect(parseViewMessage({ type: 'view', camera: 181, screen: 0 })).toBeNull();
    expect(parseViewMessage({ type: 'view', camera: 180 })).toBeNull();
    expect(parseViewMessage({ type: 'view', camera: -1, screen: 1e9 })).toBeNull();
  });
});

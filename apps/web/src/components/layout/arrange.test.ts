import { describe, expect, it } from 'vitest';
import { gridPage, stageTile, tilesPerPage } from './arrange';

const people = (n: number) => ['self', ...Array.from({ length: n - 1 }, (_, i) => `p${i + 1}`)];

describe('gridPage', () => {
  it('pages nine at a time on a desktop, four on a phone', () => {
    expect(tilesPerPage(1200)).toBe(9);
    expect(tilesPerPage(380)).toBe(4);
    const keys = people(12);
    expect(gridPage(keys, 9, 0, null)).toEqual({ keys: keys.slice(0, 9), page: 0, pages: 2 });
    expect(gridPage(keys, 9, 1, null).keys).toEqual(keys.slice(9));
    expect(gridPage(keys, 4, 5, null)).toMatchObject({ page: 2, pages: 3 });
  });

  it('keeps the active speaker on the first page', () => {
    const keys = people(12);
    const first = gridPage(keys, 9, 0, 'p10');
    expect(first.keys).toHaveLength(9);
    expect(first.keys.at(-1)).toBe('p10');
    expect(gridPage(keys, 9, 1, 'p10').keys).toEqual(['p8', 'p9', 'p11']);
    // Already on the first page: nobody moves.
    expect(gridPage(keys, 9, 0, 'p3').keys).toEqual(keys.slice(0, 9));
  });
});

describe('stageTile', () => {
  const keys = ['self', 'a', 'b', 'screen-b'];
  const base = { keys, screens: [] as string[], pinned: null, speaker: null, layout: 'grid' as const };

  it('grid: no large tile unless a screen is shared or someone pinned', () => {
    expect(stageTile(base)).toBeNull();
    expect(stageTile({ ...base, screens: ['screen-b'] })).toBe('screen-b');
    expect(stageTile({ ...base, screens: ['screen-b'], pinned: 'a' })).toBe('a');
  });

  it('speaker view: the speaker, someone else before ourselves, a pin above all', () => {
    const speaker = { ...base, layout: 'speaker' as const };
    expect(stageTile({ ...speaker, speaker: 'b' })).toBe('b');
    expect(stageTile({ ...speaker, speaker: 'self' })).toBe('a');
    expect(stageTile({ ...speaker, speaker: 'gone' })).toBe('a');
    expect(stageTile({ ...speaker, speaker: 'b', pinned: 'self' })).toBe('self');
    expect(stageTile({ ...speaker, keys: ['self'] })).toBe('self');
  });
});

import { describe, expect, it } from 'vitest';
import { bestGrid } from './layout';

describe('bestGrid', () => {
  it('puts two people side by side on a wide screen and stacked on a tall one', () => {
    expect(bestGrid(2, 1280, 720).columns).toBe(2);
    expect(bestGrid(2, 375, 640).columns).toBe(1);
  });

  it('uses a 2x2 grid for four on a desktop and 3 columns for up to nine', () => {
    expect(bestGrid(4, 1280, 720)).toMatchObject({ columns: 2, rows: 2 });
    expect(bestGrid(8, 1600, 900).columns).toBe(3);
  });

  it('never makes tiles larger than the area', () => {
    for (let n = 1; n <= 8; n++) {
      const g = bestGrid(n, 800, 500);
      expect(g.columns * g.tileWidth + (g.columns - 1) * 8).toBeLessThanOrEqual(800.0001);
      expect(g.rows * g.tileHeight + (g.rows - 1) * 8).toBeLessThanOrEqual(500.0001);
      expect(g.columns * g.rows).toBeGreaterThanOrEqual(n);
    }
  });

  it('copes with a zero-sized area before the first measurement', () => {
    expect(bestGrid(3, 0, 0).tileWidth).toBe(0);
  });
});

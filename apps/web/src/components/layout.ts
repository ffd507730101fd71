export interface GridShape {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

/**
 * The column count that makes `count` tiles of the given aspect ratio as large as possible inside
 * a `width` x `height` area with `gap` between them.
 */
export function bestGrid(count: number, width: number, height: number, aspect = 16 / 9, gap = 8): GridShape {
  const n = Math.max(1, count);
  let best: GridShape = { columns: 1, rows: n, tileWidth: 0, tileHeight: 0 };
  for (let columns = 1; columns <= n; columns++) {
    const rows = Math.ceil(n / columns);
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    const tileWidth = Math.max(0, Math.min(cellWidth, cellHeight * aspect));
    if (tileWidth > best.tileWidth) best = { columns, rows, tileWidth, tileHeight: tileWidth / aspect };
  }
  return best;
}

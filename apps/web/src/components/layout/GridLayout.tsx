import { useView } from '../../features/view/useView';
import { bestGrid } from '../layout';
import { Tile, type TileProps } from '../Tile';
import { gridPage, tilesPerPage } from './arrange';
import { Pager } from './Pager';

export type TileEntry = TileProps & { key: string };

/** Room the page controls take under the grid. */
const PAGER_HEIGHT = 48;

/** Camera tiles as large as the stage allows, a page at a time; tiles on other pages are not mounted. */
export function GridLayout({
  tiles,
  width,
  height,
  active,
}: {
  tiles: readonly TileEntry[];
  width: number;
  height: number;
  active: string | null;
}) {
  const page = useView((s) => s.page);
  const setPage = useView((s) => s.setPage);
  const byKey = new Map(tiles.map((t) => [t.key, t]));
  const shown = gridPage(
    tiles.map((t) => t.key),
    tilesPerPage(width),
    page,
    active,
  );
  const paged = shown.pages > 1;
  // Cameras are asked for 4:3 (media/devices.ts); tiles match, so faces are not cropped away.
  const grid = bestGrid(shown.keys.length, width, height - (paged ? PAGER_HEIGHT : 0), 4 / 3);
  return (
    <div className="grid-layout">
      <ul
        className="grid"
        aria-label="Participants"
        style={{
          gridTemplateColumns: `repeat(${grid.columns}, ${Math.floor(grid.tileWidth)}px)`,
          gridAutoRows: `${Math.floor(grid.tileHeight)}px`,
        }}
      >
        {shown.keys.map((key) => {
          const entry = byKey.get(key);
          if (!entry) return null;
          const { key: _, ...tile } = entry;
          return (
            <li key={key}>
              <Tile {...tile} />
            </li>
          );
        })}
      </ul>
      {paged && <Pager page={shown.page} pages={shown.pages} onPage={setPage} />}
    </div>
  );
}

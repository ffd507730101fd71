import { Tile } from '../Tile';
import type { TileEntry } from './GridLayout';

/** One tile large (a speaker, a shared screen, a pin), the others in a strip beside or under it. */
export function StageLayout({ main, strip }: { main: TileEntry; strip: readonly TileEntry[] }) {
  const { key: _, ...large } = main;
  return (
    <div className="stage--spotlight">
      <div className="stage__main">
        <Tile {...large} large />
      </div>
      <ul className="stage__strip" aria-label="Participants">
        {strip.map(({ key, ...tile }) => (
          <li key={key}>
            <Tile {...tile} />
          </li>
        ))}
      </ul>
    </div>
  );
}

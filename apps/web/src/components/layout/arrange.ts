/**
 * Which tiles go where, by tile key ('self', a peer id, or 'screen-<id>'). Pure, so the rules
 * are tested without a browser: a grid that pages with the active speaker kept on the first page,
 * and a stage (one large tile, the others in a strip).
 */

/** Tiles per grid page: as many as stay legible. */
export function tilesPerPage(stageWidth: number): number {
  return stageWidth > 0 && stageWidth < 600 ? 4 : 9;
}

export interface GridPage {
  keys: string[];
  page: number;
  pages: number;
}

/**
 * The tiles of one grid page. Order is kept (people do not jump around), except that the active
 * speaker, when it would be on a later page, takes the first page's last place.
 */
export function gridPage(
  keys: readonly string[],
  perPage: number,
  page: number,
  active: string | null,
): GridPage {
  const pages = Math.max(1, Math.ceil(keys.length / perPage));
  const order = [...keys];
  const at = active === null ? -1 : order.indexOf(active);
  if (at >= perPage) {
    order.splice(at, 1);
    order.splice(perPage - 1, 0, active as string);
  }
  const current = Math.min(Math.max(0, page), pages - 1);
  return { keys: order.slice(current * perPage, (current + 1) * perPage), page: current, pages };
}

export interface StageChoice {
  /** Tile keys in the order they are shown. */
  keys: readonly string[];
  /** Screen tiles' keys, first the remote ones. */
  screens: readonly string[];
  pinned: string | null;
  /** The active speaker, or the last one who was (null: nobody has spoken yet). */
  speaker: string | null;
  layout: 'grid' | 'speaker';
}

/**
 * The large tile, or null for the grid. A pin wins, then a shared screen (it takes the stage
 * whatever the layout), then in speaker view the speaker (someone else before ourselves).
 */
export function stageTile({ keys, screens, pinned, speaker, layout }: StageChoice): string | null {
  if (pinned !== null && keys.includes(pinned)) return pinned;
  const screen = screens.find((key) => keys.includes(key));
  if (screen) return screen;
  if (layout !== 'speaker') return null;
  if (speaker !== null && speaker !== 'self' && keys.includes(speaker)) return speaker;
  return keys.find((key) => key !== 'self') ?? keys[0] ?? null;
}

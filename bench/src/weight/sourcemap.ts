/**
 * Which sources the bytes of a minified file come from, read from its source map: every mapped
 * segment's length (up to the next segment on its line) is counted for its original source.
 */

interface SourceMap {
  sources: string[];
  mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** Bytes (UTF-16 units, close enough for minified ASCII) of `code` per source in `map`. */
export function bytesBySource(code: string, map: SourceMap): Map<string, number> {
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  const add = (source: string, n: number) => totals.set(source, (totals.get(source) ?? 0) + n);
  let source = 0;
  map.mappings.split(';').forEach((lineMappings, lineIndex) => {
    const line = lines[lineIndex] ?? '';
    const segments: Array<{ column: number; source: number | undefined }> = [];
    let column = 0;
    for (const text of lineMappings.split(',')) {
      if (text === '') continue;
      const [columnDelta = 0, sourceDelta] = decodeSegment(text);
      column += columnDelta;
      if (sourceDelta !== undefined) source += sourceDelta;
      segments.push({ column, source: sourceDelta === undefined ? undefined : source });
    }
    let covered = 0;
    segments.forEach((segment, i) => {
      const end = segments[i + 1]?.column ?? line.length;
      const name =
        segment.source === undefined ? '(unmapped)' : (map.sources[segment.source] ?? '(unmapped)');
      add(name, Math.max(0, end - segment.column));
      covered += Math.max(0, end - segment.column);
    });
    add('(unmapped)', line.length - covered + 1);
  });
  return totals;
}

/** `react-dom`, `@scope/pkg`, `@parley/protocol` or `app: src/rtc` for a source path. */
export function ownerOf(source: string): string {
  const modules = source.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first = '', second = ''] = source.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const protocol = /packages\/([^/]+)\//.exec(source);
  if (protocol) return `@parley/${protocol[1]}`;
  const app = /(?:^|\/)src\/(.+)$/.exec(source);
  if (app?.[1]) {
    const parts = app[1].split('/');
    return `app: src/${parts.length > 1 ? parts.slice(0, parts[0] === 'features' ? 2 : 1).join('/') : parts[0]}`;
  }
  return source;
}

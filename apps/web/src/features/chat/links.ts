/** A piece of a chat message: plain text, or a web link that may become an <a>. */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Candidates only: anything that looks like scheme://… up to whitespace. Each is then checked with
// the URL parser, and only http and https become links; `javascript:` and friends stay text.
const CANDIDATE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"]+/gi;
// Punctuation that usually ends the sentence around a link rather than belonging to it.
const TRAILING = /[.,;:!?'"]+$/;

export function splitLinks(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index ?? 0;
    let candidate = match[0].replace(TRAILING, '');
    candidate = balanceParens(candidate);
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return mergeText(segments);
}

/** The normalised URL when `candidate` is an http(s) URL with a host; null otherwise. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url.href;
}

/** "(see https://x.org/a)" must not swallow the closing parenthesis; "…/Foo_(bar)" keeps its own. */
function balanceParens(candidate: string): string {
  let text = candidate;
  while (text.endsWith(')') && count(text, '(') < count(text, ')')) text = text.slice(0, -1);
  return text;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function mergeText(segments: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    const previous = merged.at(-1);
    if (segment.kind === 'text' && previous?.kind === 'text') previous.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}

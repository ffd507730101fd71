/** A piece of a chat message: plain text, or a web link that may become an <a>. */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/*
 * A hand-written scanner rather than a regular expression: text comes from other people, and the
 * obvious patterns (a scheme, then anything up to whitespace, then trailing punctuation stripped)
 * backtrack into quadratic time on inputs such as a URL followed by thousands of `)` or `.`.
 * Here every character is looked at a bounded number of times: finding `://`, walking back over
 * the scheme, walking forward to the end of the candidate, trimming its end, and the URL parser.
 */

const SEPARATOR = '://';
// Punctuation that usually ends the sentence around a link rather than belonging to it.
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"']);

export function splitLinks(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  let from = 0;
  for (let at = text.indexOf(SEPARATOR, from); at !== -1; at = text.indexOf(SEPARATOR, from)) {
    const start = schemeStart(text, at, from);
    if (start === at) {
      from = at + SEPARATOR.length;
      continue;
    }
    const end = candidateEnd(text, at + SEPARATOR.length);
    // Whatever the outcome, nothing up to the end of this candidate starts another one.
    from = end;
    const candidate = trimEnd(text.slice(start, end));
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

/**
 * Where the scheme before the `://` at `at` starts: the ASCII letters right before it (`xhttps://`
 * has scheme `xhttps`, which is then no link), not glued to a digit or `_`. `at` when there is none.
 * Never walks back past `floor`, the end of the previous candidate.
 */
function schemeStart(text: string, at: number, floor: number): number {
  let start = at;
  while (start > floor && isLetter(text.charCodeAt(start - 1))) start--;
  return start > floor && isWordChar(text.charCodeAt(start - 1)) ? at : start;
}

/** The end of a candidate: the first whitespace, `<`, `>` or `"` from `from` on. */
function candidateEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !ENDS_CANDIDATE.test(text.charAt(end))) end++;
  return end;
}

const ENDS_CANDIDATE = /[\s<>"]/;

/**
 * Leaves sentence punctuation and unbalanced closing parentheses outside the link: "(see
 * https://x.org/a)." must not swallow `).`, while "…/Foo_(bar)" keeps its own.
 */
function trimEnd(candidate: string): string {
  let open = 0;
  let close = 0;
  for (const char of candidate) {
    if (char === '(') open++;
    else if (char === ')') close++;
  }
  let end = candidate.length;
  while (end > 0) {
    const char = candidate.charAt(end - 1);
    if (TRAILING.has(char)) end--;
    else if (char === ')' && close > open) {
      close--;
      end--;
    } else break;
  }
  return candidate.slice(0, end);
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isWordChar(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57) || code === 95;
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

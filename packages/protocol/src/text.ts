/*
 * Text that one person chooses and others see (display names, chat, file names) goes through
 * `cleanText` before it is stored or shown, so that what is shown is what was written:
 *
 * - Well-formed Unicode. A lone surrogate (half of a UTF-16 pair) becomes U+FFFD, as a decoder
 *   would show it, rather than refusing the whole text: the rest of it is still meaningful. A lone
 *   surrogate cannot be encoded as UTF-8, and JSON readers that insist on well-formed text (the
 *   Redis Lua scripts' cjson among them) fail on one.
 * - No controls. C0 and C1 controls go; line breaks and tabs become spaces in one-line text, and
 *   stay (as \n and \t) in multi-line text such as chat.
 * - Nothing invisible. Format characters (category Cf: the bidi controls that make
 *   `invoice\u202Efdp.exe` display as `invoiceexe.pdf`, zero-width spaces, the BOM, tag characters)
 *   and the other default-ignorable code points (Hangul fillers, used for "blank" names) go. Kept,
 *   because emoji and several scripts cannot be written without them and they reorder nothing:
 *   a zero-width joiner or non-joiner between two visible characters (👨‍👩‍👧, Persian and Indic
 *   words), one variation selector right after a visible character (❤️), and the tag characters
 *   of a flag sequence (🏴 + tags + cancel tag: Scotland's flag).
 *
 * Implemented with Unicode property escapes rather than `String.prototype.toWellFormed`, which
 * Firefox ESR 115 lacks; every step is one pass over the text.
 */

export interface CleanTextOptions {
  /** Keep line breaks and tabs (chat); otherwise they become spaces (names, file names). */
  multiline?: boolean;
}

const LONE_SURROGATE = /\p{Cs}/gu;
const CRLF = /\r\n/g;
// Controls that separate words or lines; the other controls separate nothing and are dropped.
const BREAKING_CONTROL = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const CONTROL = /\p{Cc}/gu;

const INVISIBLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const JOINER = /^[\u200C\u200D]$/u;
const SELECTOR = /^[\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
const WHITESPACE = /^\s$/u;
const BLACK_FLAG = '\u{1F3F4}';
const TAG = /^[\u{E0020}-\u{E007E}]$/u;
const CANCEL_TAG = '\u{E007F}';
/** Flag tag sequences spell a region code (`gbsct`); nothing real needs more tags than this. */
const TAGS_MAX = 8;

/** Printable ASCII: no surrogates, controls or invisible characters, so nothing to clean. */
const PLAIN = /^[\x20-\x7E]*$/;

/** `text` as it may be shown to others: well-formed, without controls or invisible characters. */
export function cleanText(text: string, options: CleanTextOptions = {}): string {
  // Most names and messages: one test instead of four passes (the server cleans every `peer:update`).
  if (PLAIN.test(text)) return text;
  const wellFormed = text.replace(LONE_SURROGATE, '\uFFFD');
  const breaks = options.multiline
    ? wellFormed.replace(CRLF, '\n').replace(BREAKING_CONTROL, (c) => (c === '\t' ? '\t' : '\n'))
    : wellFormed.replace(BREAKING_CONTROL, ' ');
  return dropInvisible(breaks.replace(CONTROL, (c) => (c === '\n' || c === '\t' ? c : '')));
}

function dropInvisible(text: string): string {
  const chars = Array.from(text);
  let out = '';
  // What the last character kept was: a joiner or selector may only follow a visible one.
  let previous: 'visible' | 'selector' | 'other' = 'other';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char === BLACK_FLAG) {
      const end = tagSequenceEnd(chars, i + 1);
      out += chars.slice(i, end).join('');
      i = end - 1;
      previous = 'visible';
    } else if (!INVISIBLE.test(char)) {
      out += char;
      previous = WHITESPACE.test(char) ? 'other' : 'visible';
    } else if (SELECTOR.test(char) && previous === 'visible') {
      out += char;
      previous = 'selector';
    } else if (JOINER.test(char) && previous !== 'other' && isVisible(chars[i + 1])) {
      out += char;
      previous = 'other';
    }
  }
  return out;
}

/** Where the flag's tag sequence starting at `start` ends (exclusive); `start` if there is none. */
function tagSequenceEnd(chars: string[], start: number): number {
  let i = start;
  while (i < chars.length && i - start < TAGS_MAX && TAG.test(chars[i] as string)) i++;
  return i > start && chars[i] === CANCEL_TAG ? i + 1 : start;
}

function isVisible(char: string | undefined): boolean {
  return char !== undefined && !INVISIBLE.test(char) && !WHITESPACE.test(char);
}

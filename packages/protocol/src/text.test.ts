import { describe, expect, it } from 'vitest';
import { joinRequestSchema, LIMITS, nameSchema, peerUpdateRequestSchema } from './index.js';
import { cleanText } from './text.js';

describe('cleanText', () => {
  it('replaces lone surrogates and keeps pairs', () => {
    expect(cleanText('a\ud800b')).toBe('a\ufffdb');
    expect(cleanText('\udc00a\ud83d')).toBe('\ufffda\ufffd');
    expect(cleanText('🙂 ok')).toBe('🙂 ok');
    // encodeURIComponent throws on a lone surrogate, as UTF-8 encoders refuse one.
    expect(() => encodeURIComponent('x\ud800')).toThrow();
    expect(() => encodeURIComponent(cleanText('x\ud800'))).not.toThrow();
  });

  it('removes bidi controls, so a file name shows what it is', () => {
    expect(cleanText('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E']) {
      expect(cleanText(`a${control}b`)).toBe('ab');
    }
    for (const isolate of ['\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(cleanText(`a${isolate}b`)).toBe('ab');
    }
  });

  it('removes other invisible characters', () => {
    expect(cleanText('A\u200Bd\u2060a\uFEFF\u00AD')).toBe('Ada');
    // Hangul fillers look like nothing and make "blank" names.
    expect(cleanText('\u3164\u115F\uFFA0')).toBe('');
    // Tag characters outside a flag can smuggle invisible text.
    expect(cleanText('hi\u{E0041}\u{E0042}\u{E007F}')).toBe('hi');
  });

  it('keeps what emoji and scripts need to render', () => {
    for (const text of [
      '👨\u200D👩\u200D👧', // family: zero-width joiners
      '🏳\uFE0F\u200D🌈', // rainbow flag: selector, then joiner
      '❤\uFE0F', // red heart: emoji presentation selector
      '1\uFE0F\u20E3', // keycap
      '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', // Scotland's flag
      'می\u200Cخواهم', // Persian: a zero-width non-joiner between letters
      'क्\u200Dष', // Devanagari: a zero-width joiner after a virama
    ]) {
      expect(cleanText(text)).toBe(text);
    }
  });

  it('drops joiners and selectors that join or select nothing', () => {
    expect(cleanText('\u200DAda\u200D')).toBe('Ada');
    expect(cleanText('A\u200D\u200Dda')).toBe('A\u200Dda');
    expect(cleanText('A\u200D da')).toBe('A da');
    expect(cleanText('\uFE0FA\uFE0F\uFE0F\uFE0F')).toBe('A\uFE0F');
    // A flag with too many tags, or none closed, keeps the flag only.
    expect(cleanText(`🏴${'\u{E0061}'.repeat(100)}\u{E007F}`)).toBe('🏴');
    expect(cleanText('🏴\u{E0067}\u{E0062}')).toBe('🏴');
  });

  it('turns line breaks and tabs into spaces in one-line text, and keeps them in chat', () => {
    expect(cleanText('Ada\nLove\tlace\r\n!\u2028')).toBe('Ada Love lace  ! ');
    expect(cleanText('a\r\nb\rc\u2029d\te', { multiline: true })).toBe('a\nb\nc\nd\te');
  });

  it('removes the other C0 and C1 controls', () => {
    expect(cleanText('a\u0000b\u0007c\u001bd\u007fe\u0080f\u009fg')).toBe('abcdefg');
    expect(cleanText('a\u0000\nb', { multiline: true })).toBe('a\nb');
  });

  it('cleans long hostile text', () => {
    const hostile = '\u200D\u202E\ud800\u2066'.repeat(50_000);
    expect(cleanText(hostile)).toBe('\ufffd'.repeat(50_000));
  });
});

describe('names', () => {
  const media = { audio: true, video: false };

  it('stores only clean names, trimmed after cleaning', () => {
    expect(nameSchema.parse('  invoice\u202Efdp.exe ')).toBe('invoicefdp.exe');
    expect(nameSchema.parse('\u200B Ada\ud800 \u2066')).toBe('Ada\ufffd');
    expect(joinRequestSchema.parse({ roomId: 'abc', name: 'A\u202Eda', media }).name).toBe('Ada');
    expect(peerUpdateRequestSchema.parse({ name: '\u2067Bob' })).toEqual({ name: 'Bob' });
  });

  it('refuses a name that is empty or too long once cleaned', () => {
    expect(nameSchema.safeParse('\u200B\u202E \u3164').success).toBe(false);
    expect(nameSchema.safeParse(`${'x'.repeat(LIMITS.NAME_MAX)}\u202E\u200B`).success).toBe(true);
    expect(nameSchema.safeParse('x'.repeat(LIMITS.NAME_MAX + 1)).success).toBe(false);
    // Bounded before it is cleaned: a huge name is refused without reading it through.
    expect(nameSchema.safeParse('\u200B'.repeat(100_000)).success).toBe(false);
  });
});

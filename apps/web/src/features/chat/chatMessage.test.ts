import { describe, expect, it } from 'vitest';
import { parseControlMessage } from '../control/ControlChannels';
import { CHAT_MAX_CHARS, checkDraft } from './chatMessage';
import { parseChatMessage } from './chatSchema';
import { createChatStore } from './chatStore';
import { safeHref, splitLinks } from './links';

const valid = { type: 'chat', id: 'a1', text: 'hello', sentAt: 1 };

describe('inbound chat messages', () => {
  it('accepts a well-formed message', () => {
    expect(parseChatMessage(valid)).toEqual(valid);
  });

  it.each([
    ['no text', { ...valid, text: undefined }],
    ['empty text', { ...valid, text: '' }],
    ['only spaces', { ...valid, text: '   \n ' }],
    ['text that is not a string', { ...valid, text: { html: '<b>x</b>' } }],
    ['a text over the limit', { ...valid, text: 'x'.repeat(CHAT_MAX_CHARS + 1) }],
    ['an id too long', { ...valid, id: 'x'.repeat(65) }],
    ['no time', { ...valid, sentAt: 'now' }],
    ['another type', { ...valid, type: 'file-offer' }],
    ['null', null],
  ])('drops %s', (_, value) => {
    expect(parseChatMessage(value)).toBeNull();
  });

  it('keeps the text as written, without what would hide or reorder it', () => {
    const parse = (text: string) => parseChatMessage({ ...valid, text })?.text;
    expect(parse('see invoice\u202Efdp.exe')).toBe('see invoicefdp.exe');
    expect(parse('a\ud800b')).toBe('a\ufffdb');
    expect(parse('  line one\r\n\tline two\u0007  ')).toBe('line one\n\tline two');
    expect(parse('zero\u200Bwidth\u2066 isolate')).toBe('zerowidth isolate');
    expect(parse('👨\u200D👩\u200D👧 ❤\uFE0F')).toBe('👨\u200D👩\u200D👧 ❤\uFE0F');
    expect(parse('\u200B\u202E \u2066')).toBeUndefined();
  });

  it('counts characters as people do: an emoji is one', () => {
    expect(parseChatMessage({ ...valid, text: '🙂'.repeat(CHAT_MAX_CHARS) })).not.toBeNull();
    expect(parseChatMessage({ ...valid, text: '🙂'.repeat(CHAT_MAX_CHARS + 1) })).toBeNull();
  });

  it('drops control-channel text that is not a JSON object with a type', () => {
    expect(parseControlMessage('{"type":"chat"}')).toEqual({ type: 'chat' });
    for (const data of [
      'not json',
      '[1,2]',
      '"chat"',
      '{"type":3}',
      'null',
      new ArrayBuffer(4),
      `{"type":"chat","t":"${'x'.repeat(40_000)}"}`,
    ]) {
      expect(parseControlMessage(data)).toBeNull();
    }
  });
});

describe('composer', () => {
  it('trims, refuses empty drafts and says by how much a draft is too long', () => {
    expect(checkDraft('  hi \n')).toEqual({ ok: true, text: 'hi' });
    expect(checkDraft(' \n ')).toEqual({ ok: false, reason: 'empty' });
    // The sender sees what the others will see.
    expect(checkDraft('a\u202Eb\u200B')).toEqual({ ok: true, text: 'ab' });
    expect(checkDraft('\u200B')).toEqual({ ok: false, reason: 'empty' });
    expect(checkDraft('x'.repeat(CHAT_MAX_CHARS))).toMatchObject({ ok: true });
    expect(checkDraft('x'.repeat(CHAT_MAX_CHARS + 5))).toEqual({ ok: false, reason: 'too-long', over: 5 });
  });
});

describe('links in messages', () => {
  it('turns http and https URLs into links and keeps the rest as text', () => {
    expect(splitLinks('see https://example.com/a?b=1 and http://x.org')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
    ]);
  });

  it('never links other schemes', () => {
    for (const text of [
      'javascript:alert(1)',
      'javascript://%0aalert(1)',
      'data://text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'ftp://example.com/file',
      'vbscript://x',
    ]) {
      expect(splitLinks(text)).toEqual([{ kind: 'text', text }]);
    }
    expect(safeHref('https://')).toBeNull();
  });

  it('leaves sentence punctuation and closing brackets outside the link', () => {
    expect(splitLinks('Go to https://example.com/docs.')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', text: 'https://example.com/docs', href: 'https://example.com/docs' },
      { kind: 'text', text: '.' },
    ]);
    expect(splitLinks('(https://example.com/a)').map((s) => s.text)).toEqual([
      '(',
      'https://example.com/a',
      ')',
    ]);
    expect(splitLinks('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
  });

  it('takes only the letters right before :// as the scheme', () => {
    expect(splitLinks('xhttps://a.example')).toEqual([{ kind: 'text', text: 'xhttps://a.example' }]);
    expect(splitLinks('1https://a.example')).toEqual([{ kind: 'text', text: '1https://a.example' }]);
    expect(splitLinks('ftp://a.example/https://b.example')).toEqual([
      { kind: 'text', text: 'ftp://a.example/https://b.example' },
    ]);
    expect(splitLinks('(at:https://a.example/x.)').map((s) => s.text)).toEqual([
      '(at:',
      'https://a.example/x',
      '.)',
    ]);
  });

  // Linear time, shown without a stopwatch: each input below is 30 times the longest message
  // (2,000 characters). The old regular-expression version's cost grew with the square of the
  // length (26 ms for 2,000 `)` after a URL, 6 s for 20,000): it spent over a minute here and
  // failed on the test's default 5 s timeout. A linear scan does them all in milliseconds.
  it('takes time in proportion to the text, however hostile', () => {
    const n = 60_000;
    expect(splitLinks(`https://a.example/x${')'.repeat(n)}`)).toEqual([
      { kind: 'link', text: 'https://a.example/x', href: 'https://a.example/x' },
      { kind: 'text', text: ')'.repeat(n) },
    ]);
    expect(splitLinks(`https://a.example/x${'.'.repeat(n)} end`)).toEqual([
      { kind: 'link', text: 'https://a.example/x', href: 'https://a.example/x' },
      { kind: 'text', text: `${'.'.repeat(n)} end` },
    ]);
    expect(splitLinks(`(${'('.repeat(n)}https://a.example/${')'.repeat(n)}`)[1]).toMatchObject({
      kind: 'link',
    });
    const dashes = 'a-'.repeat(n / 2);
    expect(splitLinks(dashes)).toEqual([{ kind: 'text', text: dashes }]);
    const separators = '://'.repeat(n / 3);
    expect(splitLinks(separators)).toEqual([{ kind: 'text', text: separators }]);
    const many = 'https://a.example/ '.repeat(n / 20);
    expect(splitLinks(many).filter((s) => s.kind === 'link')).toHaveLength(n / 20);
  });

  it('keeps markup as text: nothing is ever parsed as HTML', () => {
    const text = '<img src=x onerror=alert(1)> https://a.example/"><script>';
    const segments = splitLinks(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.find((s) => s.kind === 'link')).toMatchObject({ href: 'https://a.example/' });
  });
});

describe('chat store', () => {
  const entry = (key: string, from = 'p1') => ({ key, from, name: 'Ada', text: 'hi', at: 0 });

  it('keeps arrival order, ignores duplicates and counts unread only while closed', () => {
    const store = createChatStore();
    store.getState().add(entry('p1:1'));
    store.getState().add(entry('p1:2'));
    store.getState().add(entry('p1:1'));
    store.getState().add(entry('self:1', 'self'));
    expect(store.getState().messages.map((m) => m.key)).toEqual(['p1:1', 'p1:2', 'self:1']);
    expect(store.getState().unread).toBe(2);
    store.getState().setOpen(true);
    expect(store.getState().unread).toBe(0);
    store.getState().add(entry('p1:3'));
    expect(store.getState().unread).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { slotsOf } from './slots';

/** The m-sections of a description, trimmed to the lines that matter here. */
const sdp = (sections: Array<[media: string, mid: string | null]>) =>
  [
    'v=0',
    'o=- 4611 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    `a=group:BUNDLE ${sections.map(([, mid]) => mid).join(' ')}`,
    ...sections.flatMap(([media, mid]) => [
      `m=${media} 9 UDP/TLS/RTP/SAVPF 111`,
      'c=IN IP4 0.0.0.0',
      ...(mid === null ? [] : [`a=mid:${mid}`]),
      'a=sendrecv',
    ]),
    '',
  ].join('\r\n');

describe('slotsOf', () => {
  it("reads microphone, camera and screen from the newcomer's m-lines (Chromium's mids)", () => {
    const slots = slotsOf(
      sdp([
        ['audio', '0'],
        ['video', '1'],
        ['video', '2'],
        ['application', '3'],
      ]),
    );
    expect([...slots]).toEqual([
      ['0', 'audio'],
      ['1', 'camera'],
      ['2', 'screen'],
    ]);
  });

  it('goes by m-line position, not by the value of the mid (any mid naming works)', () => {
    const slots = slotsOf(
      sdp([
        ['audio', 'a7'],
        ['video', 'zz'],
        ['video', '0'],
        ['application', 'dc'],
      ]),
    );
    expect(slots.get('zz')).toBe('camera');
    expect(slots.get('0')).toBe('screen');
    expect(slots.get('a7')).toBe('audio');
    expect(slots.has('dc')).toBe(false);
  });

  it('gives no slot to m-lines beyond the layout, and accepts plain \\n line ends', () => {
    const text = sdp([
      ['audio', '0'],
      ['video', '1'],
      ['video', '2'],
      ['audio', '3'],
      ['video', '4'],
    ]).replaceAll('\r\n', '\n');
    const slots = slotsOf(text);
    expect([...slots.values()]).toEqual(['audio', 'camera', 'screen']);
    expect(slots.has('3')).toBe(false);
    expect(slots.has('4')).toBe(false);
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ControlChannels } from './ControlChannels';
import { loadedValidators, loadValidators } from './loadValidators';

/** Our end of a control channel: the test dispatches what the peer sent. */
class InboundChannel extends EventTarget {
  readonly label = 'parley';
  readyState: RTCDataChannelState = 'open';

  receive(message: object | string): void {
    const data = typeof message === 'string' ? message : JSON.stringify(message);
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

const chat = (id: string, text: string) => ({ type: 'chat', id, text, sentAt: 1 });

describe('ControlChannels before the validators have loaded', () => {
  it('holds what arrives, then hands it over in order with the validators, but not from who left', async () => {
    expect(loadedValidators()).toBeUndefined();
    const control = new ControlChannels();
    const channel = new InboundChannel();
    control.channel('ada', channel as unknown as RTCDataChannel);
    const seen: string[] = [];
    control.on('chat', (peerId, message, validators) => {
      const parsed = validators.parseChatMessage(message);
      seen.push(`${peerId}:${parsed ? parsed.text : 'invalid'}`);
    });

    channel.receive(chat('1', 'first'));
    channel.receive(chat('2', ''));
    channel.receive('not json');
    channel.receive(chat('3', 'third'));
    // Someone who leaves while the validators load: what they sent is not handed over.
    const gone = new InboundChannel();
    control.channel('bo', gone as unknown as RTCDataChannel);
    gone.receive(chat('5', 'from bo'));
    control.linkRemoved('bo');
    expect(seen).toEqual([]);

    await loadValidators();
    await Promise.resolve();
    expect(seen).toEqual(['ada:first', 'ada:invalid', 'ada:third']);

    // Loaded: from now on at once.
    channel.receive(chat('4', 'fourth'));
    expect(seen.at(-1)).toBe('ada:fourth');
  });
});

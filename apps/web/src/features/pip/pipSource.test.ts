import { describe, expect, it } from 'vitest';
import type { RemotePeer } from '../../store/types';
import { pipSource } from './pipSource';

const stream = (id: string) => ({ id }) as MediaStream;
const peer = (peerId: string, camera: MediaStream | null, screen: MediaStream | null = null): RemotePeer => ({
  peerId,
  name: peerId.toUpperCase(),
  media: { audio: true, video: camera !== null, screen: screen !== null },
  connection: 'connected',
  camera,
  screen,
  audio: null,
  host: false,
  handRaisedAt: null,
});

describe('pipSource', () => {
  const peers = new Map([
    ['ann', peer('ann', stream('ann-cam'))],
    ['bob', peer('bob', stream('bob-cam'), stream('bob-screen'))],
  ]);

  it('shows the active speaker, their screen before their camera', () => {
    expect(pipSource('ann', peers, null)).toEqual({ stream: stream('ann-cam'), name: 'ANN' });
    expect(pipSource('bob', peers, null)?.stream).toEqual(stream('bob-screen'));
  });

  it('falls back to the first person with a picture, then to our own camera', () => {
    expect(pipSource(null, peers, null)?.name).toBe('ANN');
    expect(pipSource('self', new Map([['cy', peer('cy', null)]]), stream('mine'))).toEqual({
      stream: stream('mine'),
      name: 'You',
    });
    expect(pipSource(null, new Map(), null)).toBeNull();
  });

  it('skips what a person does not send, though its stream exists (every link has all three slots)', () => {
    const idle = {
      ...peer('dee', stream('dee-cam'), stream('dee-screen')),
      media: { audio: true, video: true, screen: false },
    };
    expect(pipSource('dee', new Map([['dee', idle]]), null)?.stream).toEqual(stream('dee-cam'));
    const cameraOff = { ...idle, media: { audio: true, video: false, screen: false } };
    const others = new Map([
      ['dee', cameraOff],
      ['ann', peer('ann', stream('ann-cam'))],
    ]);
    expect(pipSource('dee', others, null)).toEqual({ stream: stream('ann-cam'), name: 'ANN' });
  });
});

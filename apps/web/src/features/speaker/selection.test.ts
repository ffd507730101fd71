import { describe, expect, it } from 'vitest';
import {
  initialSpeakerState,
  levelFromRms,
  nextSpeakerState,
  SPEAKER_DEFAULTS,
  type SpeakerState,
} from './selection';

type Levels = Record<string, number>;

/** Feeds `ticks` (one record of levels per tick) and returns every state along the way. */
function run(ticks: Levels[], eligible?: (id: string) => boolean, from: SpeakerState = initialSpeakerState) {
  const states: SpeakerState[] = [];
  let state = from;
  for (const levels of ticks) {
    state = nextSpeakerState(state, new Map(Object.entries(levels)), eligible);
    states.push(state);
  }
  return states;
}

const repeat = (levels: Levels, n: number): Levels[] => Array.from({ length: n }, () => levels);
const { switchTicks, releaseTicks, holdTicks } = SPEAKER_DEFAULTS;

describe('active speaker selection', () => {
  it('highlights someone only after they have been the loudest for a few ticks', () => {
    const states = run(repeat({ ada: 0.8, bob: 0 }, switchTicks));
    expect(states.slice(0, switchTicks - 1).map((s) => s.active)).toEqual(Array(switchTicks - 1).fill(null));
    expect(states.at(-1)?.active).toBe('ada');
    expect(states[0]?.speaking.has('ada')).toBe(true);
  });

  it('does not flicker to someone who is louder for a moment only', () => {
    const ada = run(repeat({ ada: 0.7, bob: 0 }, 10)).at(-1) as SpeakerState;
    // Bob coughs: two ticks of being much louder, then quiet again.
    const states = run(
      [...repeat({ ada: 0.7, bob: 0.95 }, switchTicks - 1), ...repeat({ ada: 0.7, bob: 0 }, 10)],
      undefined,
      ada,
    );
    expect(states.every((s) => s.active === 'ada')).toBe(true);
  });

  it('hands over within a second when someone else is clearly louder, and stays there', () => {
    const ada = run(repeat({ ada: 0.6, bob: 0 }, 10)).at(-1) as SpeakerState;
    const states = run(repeat({ ada: 0.6, bob: 0.9 }, 20), undefined, ada);
    const handover = states.findIndex((s) => s.active === 'bob');
    expect(handover).toBeGreaterThanOrEqual(switchTicks - 1);
    expect(handover).toBeLessThan(10);
    expect(states.slice(handover).every((s) => s.active === 'bob')).toBe(true);
  });

  it('keeps the current speaker while two talk about equally loud', () => {
    const ada = run(repeat({ ada: 0.7, bob: 0 }, 10)).at(-1) as SpeakerState;
    const alternating = Array.from({ length: 30 }, (_, i) =>
      i % 2 === 0 ? { ada: 0.7, bob: 0.73 } : { ada: 0.72, bob: 0.7 },
    );
    expect(run(alternating, undefined, ada).every((s) => s.active === 'ada')).toBe(true);
  });

  it('keeps the speaking indicator through short pauses between words', () => {
    // Speech, then levels that drop below `off` for fewer ticks than the hold, then speech again.
    const states = run([{ ada: 0.8 }, ...repeat({ ada: 0 }, 8), { ada: 0.8 }]);
    expect(states.every((s) => s.speaking.has('ada'))).toBe(true);
  });

  it('lets the speaking indicator go after a real silence, and the highlight later still', () => {
    const talking = run(repeat({ ada: 0.8 }, switchTicks)).at(-1) as SpeakerState;
    const silence = run(repeat({ ada: 0 }, 60), undefined, talking);
    const stoppedSpeaking = silence.findIndex((s) => !s.speaking.has('ada'));
    const released = silence.findIndex((s) => s.active === null);
    expect(stoppedSpeaking).toBeGreaterThan(holdTicks);
    expect(released).toBeGreaterThan(stoppedSpeaking);
    expect(released).toBeLessThanOrEqual(stoppedSpeaking + releaseTicks + 1);
  });

  it('treats levels between the two thresholds as "still speaking", never as "starting"', () => {
    const between = (SPEAKER_DEFAULTS.on + SPEAKER_DEFAULTS.off) / 2;
    expect(run(repeat({ ada: between }, 10)).every((s) => !s.speaking.has('ada'))).toBe(true);
    const talking = run([{ ada: 0.9 }]).at(-1) as SpeakerState;
    expect(run(repeat({ ada: between }, 30), undefined, talking).every((s) => s.speaking.has('ada'))).toBe(
      true,
    );
  });

  it('never highlights someone who may not (a muted microphone), but still hears them', () => {
    const states = run(repeat({ self: 0.9, bob: 0.5 }, 10), (id) => id !== 'self');
    expect(states.at(-1)?.active).toBe('bob');
    expect(states.at(-1)?.speaking.has('self')).toBe(true);
    expect(states.some((s) => s.active === 'self')).toBe(false);
  });

  it('forgets someone who left', () => {
    const ada = run(repeat({ ada: 0.8, bob: 0 }, switchTicks)).at(-1) as SpeakerState;
    const after = run([{ bob: 0 }], undefined, ada).at(-1) as SpeakerState;
    expect(after.active).toBeNull();
    expect(after.levels.has('ada')).toBe(false);
    expect(after.speaking.has('ada')).toBe(false);
  });

  it('maps RMS to a 0..1 level on a decibel scale', () => {
    expect(levelFromRms(0)).toBe(0);
    expect(levelFromRms(0.0005)).toBe(0);
    expect(levelFromRms(1)).toBe(1);
    expect(levelFromRms(0.001)).toBeCloseTo(0);
    expect(levelFromRms(0.01)).toBeCloseTo(1 / 3);
    expect(levelFromRms(0.1)).toBeCloseTo(2 / 3);
  });
});

/**
 * Who is speaking, and whose tile is highlighted, from audio levels sampled ~10 times a second.
 * Pure: the caller feeds levels in, this says what to show. Three kinds of hysteresis keep the
 * highlight still: a level must rise above `on` to count as speech but only falls silent below
 * `off` and after `holdTicks`; a new speaker takes the highlight only after being the loudest for
 * `switchTicks` in a row (and by `margin` over a current speaker who is still talking); the
 * highlight goes away only after `releaseTicks` of silence.
 *
 * Two smoothings serve two questions. "Is this person speaking?" uses a peak meter (fast up,
 * slow down), so the gaps between words do not count as silence. "Who is loudest?" uses a short
 * moving average, so a cough or a slammed door does not outweigh someone talking steadily.
 */

export interface SpeakerOptions {
  /** Levels are 0..1 (see levelFromRms). */
  on: number;
  off: number;
  /** Per tick, a level falls at most to this fraction of the last one: a peak meter's decay. */
  decay: number;
  /** Weight of the newest tick in the loudness average. */
  loudnessWeight: number;
  holdTicks: number;
  switchTicks: number;
  margin: number;
  releaseTicks: number;
}

export const SPEAKER_DEFAULTS: SpeakerOptions = {
  on: 0.4,
  off: 0.3,
  decay: 0.8,
  loudnessWeight: 0.35,
  holdTicks: 5,
  switchTicks: 3,
  margin: 0.05,
  releaseTicks: 20,
};

export interface SpeakerState {
  /** Peak-metered level per participant. */
  levels: ReadonlyMap<string, number>;
  /** Moving-average level per participant. */
  loudness: ReadonlyMap<string, number>;
  speaking: ReadonlySet<string>;
  /** Ticks spent below `off` by each participant that still counts as speaking. */
  quiet: ReadonlyMap<string, number>;
  active: string | null;
  activeQuietTicks: number;
  challenger: string | null;
  challengerTicks: number;
}

export const initialSpeakerState: SpeakerState = {
  levels: new Map(),
  loudness: new Map(),
  speaking: new Set(),
  quiet: new Map(),
  active: null,
  activeQuietTicks: 0,
  challenger: null,
  challengerTicks: 0,
};

/**
 * One tick. `raw` holds this tick's level of everyone present (who is missing has left);
 * `eligible` says who may take the highlight (not someone whose microphone is muted).
 */
export function nextSpeakerState(
  previous: SpeakerState,
  raw: ReadonlyMap<string, number>,
  eligible: (id: string) => boolean = () => true,
  options: SpeakerOptions = SPEAKER_DEFAULTS,
): SpeakerState {
  const levels = new Map<string, number>();
  const loudness = new Map<string, number>();
  const speaking = new Set<string>();
  const quiet = new Map<string, number>();
  for (const [id, level] of raw) {
    const smoothed = Math.max(level, (previous.levels.get(id) ?? 0) * options.decay);
    levels.set(id, smoothed);
    const w = options.loudnessWeight;
    loudness.set(id, w * level + (1 - w) * (previous.loudness.get(id) ?? 0));
    if (smoothed >= options.on) {
      speaking.add(id);
      quiet.set(id, 0);
    } else if (previous.speaking.has(id)) {
      const ticks = smoothed < options.off ? (previous.quiet.get(id) ?? 0) + 1 : 0;
      if (ticks <= options.holdTicks) {
        speaking.add(id);
        quiet.set(id, ticks);
      }
    }
  }

  let active = previous.active !== null && raw.has(previous.active) ? previous.active : null;
  if (active !== null && !eligible(active)) active = null;
  let activeQuietTicks = active !== null && speaking.has(active) ? 0 : previous.activeQuietTicks + 1;
  if (active !== null && activeQuietTicks > options.releaseTicks) active = null;
  if (active === null) activeQuietTicks = 0;

  let loudest: string | null = null;
  for (const id of speaking) {
    if (!eligible(id)) continue;
    if (loudest === null || (loudness.get(id) ?? 0) > (loudness.get(loudest) ?? 0)) loudest = id;
  }

  let challenger: string | null = null;
  let challengerTicks = 0;
  if (loudest !== null && loudest !== active) {
    const activeLevel = active !== null && speaking.has(active) ? (loudness.get(active) ?? 0) : -1;
    if ((loudness.get(loudest) ?? 0) > activeLevel + options.margin) {
      challenger = loudest;
      challengerTicks = previous.challenger === loudest ? previous.challengerTicks + 1 : 1;
      if (challengerTicks >= options.switchTicks) {
        active = loudest;
        activeQuietTicks = 0;
        challenger = null;
        challengerTicks = 0;
      }
    }
  }

  return { levels, loudness, speaking, quiet, active, activeQuietTicks, challenger, challengerTicks };
}

/** RMS of samples in -1..1 to a 0..1 level: -60 dBFS (and below) is 0, 0 dBFS is 1. */
export function levelFromRms(rms: number): number {
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

export function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}

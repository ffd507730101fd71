import { ROOM_ID_PATTERN } from './limits.js';

// 32 symbols, no i/l/o/u, so ids read aloud or retyped survive; 5 bits each.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** Bits of randomness in a generated room id. */
export const ROOM_ID_ENTROPY_BITS = GROUPS * GROUP_LENGTH * Math.log2(ALPHABET.length);

/** A fresh room id such as `k3vq-8d2m-x7rt-h4pa`: 80 random bits in readable groups. */
export function generateRoomId(random: (bytes: Uint8Array) => Uint8Array = defaultRandom): string {
  const bytes = random(new Uint8Array(GROUPS * GROUP_LENGTH));
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]);
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    groups.push(chars.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH).join(''));
  }
  return groups.join('-');
}

export function isValidRoomId(value: unknown): value is string {
  return typeof value === 'string' && ROOM_ID_PATTERN.test(value);
}

/**
 * Accepts what a person pastes into the Room box: a bare id, or a link whose path is
 * `/r/<id>`. Returns the room id, or null when there is none in it.
 */
export function parseRoomInput(input: string): string | null {
  const text = input.trim();
  if (text === '') return null;
  const lowered = text.toLowerCase();
  if (isValidRoomId(lowered)) return lowered;
  const match = /\/r\/([^/?#\s]+)/.exec(text);
  if (!match?.[1]) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[1]).toLowerCase();
  } catch {
    return null;
  }
  return isValidRoomId(id) ? id : null;
}

function defaultRandom(bytes: Uint8Array): Uint8Array {
  return globalThis.crypto.getRandomValues(bytes);
}

import type { LinkKeys } from '../../rtc/fingerprints';

/**
 * Security codes: what two people read to each other to check that the keys their browsers agreed
 * on are each other's, i.e. that nobody on the signaling path (our server included) swapped the
 * DTLS fingerprints in the descriptions it relayed.
 *
 * A code is SHA-256 over the room id and the fingerprints, sorted so both ends hash the same text,
 * shown as 5 groups of 5 digits (25 digits, ~83 bits). Short enough to read aloud in half a minute;
 * long enough that a server in the middle cannot search for a certificate pair whose codes match
 * while the call is being set up (it would need ~2^83 tries; Signal's safety numbers carry 60
 * digits because they protect long-lived identity keys, ours protect one call).
 */

export const CODE_GROUPS = 5;
const GROUP_DIGITS = 5;
/** Each group comes from 5 bytes (40 bits) reduced mod 10^5: a bias of under 10^-7. */
const GROUP_BYTES = 5;

const encoder = new TextEncoder();

async function digest(parts: readonly string[]): Promise<Uint8Array> {
  const hash = await crypto.subtle.digest('SHA-256', encoder.encode(parts.join('\n')));
  return new Uint8Array(hash);
}

/** `12345 67890 …`: each group a 40-bit big-endian slice of the hash, mod 10^5, zero-padded. */
export function formatCode(hash: Uint8Array): string {
  const groups: string[] = [];
  for (let g = 0; g < CODE_GROUPS; g++) {
    let value = 0;
    for (let b = 0; b < GROUP_BYTES; b++) value = value * 256 + (hash[g * GROUP_BYTES + b] ?? 0);
    groups.push(String(value % 10 ** GROUP_DIGITS).padStart(GROUP_DIGITS, '0'));
  }
  return groups.join(' ');
}

/** Both ends' fingerprints as one sorted list: the same on either side of the link. */
function endsOf(keys: LinkKeys): string[] {
  return [keys.local.join(','), keys.remote.join(',')].sort();
}

/** The code of one link, the same at both of its ends. */
export async function linkCode(roomId: string, keys: LinkKeys): Promise<string> {
  return formatCode(await digest(['parley link v1', roomId, ...endsOf(keys)]));
}

/**
 * The code of the whole call: every fingerprint on every one of our links, sorted and without
 * repeats. Each participant uses one certificate on all its links, so everyone who is connected to
 * everyone sees the same set (each person's own fingerprint and everybody else's) and the same code.
 */
export async function roomCode(roomId: string, links: readonly LinkKeys[]): Promise<string> {
  const all = new Set(links.flatMap((keys) => [...keys.local, ...keys.remote]));
  return formatCode(await digest(['parley room v1', roomId, ...[...all].sort()]));
}

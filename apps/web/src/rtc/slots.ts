/**
 * How the transceivers of a pair are laid out. The newcomer's first offer creates, in this order:
 *
 *   m-line 0  audio        microphone                     sendrecv
 *   m-line 1  video        camera                         sendrecv
 *   m-line 2  video        screen                         sendrecv
 *   m-line 3  application  control channel + file channels (SCTP)
 *
 * The participant already in the room attaches its own tracks to those same three transceivers
 * before it answers, so one offer/answer carries media both ways and the pair never needs more
 * than these four m-lines. Turning a device on or off afterwards is `replaceTrack` on its slot.
 *
 * Both sides read the same m-lines, so each knows which slot a transceiver is by its `mid`:
 * the first audio m-line is the microphone, the first video the camera, the second the screen.
 * A received track's kind comes from there, never from the order in which `ontrack` fires.
 */
export const SLOTS = ['audio', 'camera', 'screen'] as const;
export type Slot = (typeof SLOTS)[number];

/** The media kind of each slot's m-line. */
export const SLOT_MEDIA: Record<Slot, 'audio' | 'video'> = {
  audio: 'audio',
  camera: 'video',
  screen: 'video',
};

/**
 * Reads the slot of every media m-line of a session description, by mid. M-lines beyond the
 * layout (none in a pair that follows it) get no slot.
 */
export function slotsOf(sdp: string): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  let videos = 0;
  let audios = 0;
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const media = section.slice(0, section.indexOf(' '));
    const mid = /\r?\na=mid:(\S+)/.exec(section)?.[1];
    if (mid === undefined) continue;
    if (media === 'audio' && audios++ === 0) slots.set(mid, 'audio');
    if (media === 'video') {
      const index = videos++;
      if (index === 0) slots.set(mid, 'camera');
      if (index === 1) slots.set(mid, 'screen');
    }
  }
  return slots;
}

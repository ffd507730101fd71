import type { Reaction } from '@parley/protocol';
import { REACTIONS } from '@parley/protocol/reactions';

/** Each reaction's name, for its menu item and for screen readers. */
export const REACTION_NAMES: Readonly<Record<Reaction, string>> = {
  '👍': 'Thumbs up',
  '👏': 'Applause',
  '😂': 'Laughter',
  '😮': 'Surprise',
  '❤️': 'Heart',
  '🎉': 'Celebration',
};

export { REACTIONS };

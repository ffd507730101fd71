export type ShortcutAction = 'microphone' | 'camera' | 'screen' | 'chat' | 'help';

export interface Shortcut {
  key: string;
  action: ShortcutAction;
  /** What the help dialog says it does. */
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { key: 'M', action: 'microphone', description: 'Turn the microphone on or off' },
  { key: 'V', action: 'camera', description: 'Turn the camera (video) on or off' },
  { key: 'S', action: 'screen', description: 'Start or stop sharing your screen' },
  { key: 'C', action: 'chat', description: 'Open or close the chat' },
  { key: '?', action: 'help', description: 'Show these shortcuts' },
];

/** The parts of a KeyboardEvent that decide whether it is a shortcut. */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat: boolean;
  target: EventTarget | null;
}

/**
 * The action for a key press, or null. Keys typed into a text field, a select or an editable
 * element are the person's text; keys with Ctrl, Cmd or Alt belong to the browser; a held key
 * fires once; nothing happens behind an open dialog.
 */
export function shortcutFor(event: KeyInput): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return null;
  if (isTyping(event.target) || insideDialog(event.target)) return null;
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  return SHORTCUTS.find((s) => s.key === key)?.action ?? null;
}

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number']);

export function isTyping(target: EventTarget | null): boolean {
  if (!isElement(target)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUTS.has((target as HTMLInputElement).type);
  return target.closest('[contenteditable=""], [contenteditable="true"]') !== null;
}

function insideDialog(target: EventTarget | null): boolean {
  return isElement(target) && target.closest('dialog, [role="dialog"]') !== null;
}

function isElement(target: EventTarget | null): target is HTMLElement {
  return typeof target === 'object' && target !== null && 'tagName' in target && 'closest' in target;
}

import { describe, expect, it } from 'vitest';
import { type KeyInput, shortcutFor } from './shortcuts';

const press = (key: string, target: EventTarget | null = document.body, extra: Partial<KeyInput> = {}) =>
  shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, repeat: false, target, ...extra });

describe('keyboard shortcuts', () => {
  it('maps M, V, S, C and ? in either case', () => {
    expect(['m', 'M', 'v', 's', 'c', '?'].map((k) => press(k))).toEqual([
      'microphone',
      'microphone',
      'camera',
      'screen',
      'chat',
      'help',
    ]);
    expect(press('x')).toBeNull();
    expect(press('Enter')).toBeNull();
  });

  it('leaves keys alone while typing, with modifiers, held down, or in a dialog', () => {
    const textarea = document.createElement('textarea');
    const input = document.createElement('input');
    const select = document.createElement('select');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    const inside = document.createElement('span');
    editable.append(inside);
    const dialog = document.createElement('dialog');
    const button = document.createElement('button');
    dialog.append(button);
    document.body.append(editable, dialog);

    expect(press('m', textarea)).toBeNull();
    expect(press('m', input)).toBeNull();
    expect(press('m', select)).toBeNull();
    expect(press('m', inside)).toBeNull();
    expect(press('m', button)).toBeNull();
    expect(press('m', checkbox)).toBe('microphone');
    expect(press('c', document.body, { ctrlKey: true })).toBeNull();
    expect(press('v', document.body, { metaKey: true })).toBeNull();
    expect(press('m', document.body, { repeat: true })).toBeNull();
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MenuButton } from './MenuButton';

afterEach(cleanup);

function renderMenu() {
  const chosen = vi.fn();
  const items = ['Make host', 'Mute', 'Remove from call'].map((label) => ({
    label,
    onSelect: () => chosen(label),
  }));
  render(
    <MenuButton label="More actions for Bob" items={items}>
      …
    </MenuButton>,
  );
  return { chosen, button: screen.getByRole('button', { name: 'More actions for Bob' }) };
}

describe('MenuButton', () => {
  it('opens on the first item, moves with the arrows, wraps, and chooses with a click', () => {
    const { chosen, button } = renderMenu();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const menu = screen.getByRole('menu', { name: 'More actions for Bob' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Make host' }));
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Remove from call' }));
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Make host' }));
    fireEvent.keyDown(menu, { key: 'End' });
    fireEvent.click(document.activeElement as HTMLElement);
    expect(chosen).toHaveBeenCalledWith('Remove from call');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('Arrow Up on the button opens on the last item; Escape closes and gives focus back', () => {
    const { chosen, button } = renderMenu();
    fireEvent.keyDown(button, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Remove from call' }));
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(chosen).not.toHaveBeenCalled();
  });

  it('closes when the person clicks elsewhere', () => {
    const { button } = renderMenu();
    fireEvent.click(button);
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('names itself in a native tooltip unless its children show the label (never two tooltips)', () => {
    const { button } = renderMenu();
    expect(button.getAttribute('title')).toBe('More actions for Bob');
    cleanup();
    render(
      <MenuButton label="Layout" items={[]} labelShown>
        <span>Layout</span>
      </MenuButton>,
    );
    expect(screen.getByRole('button', { name: 'Layout' }).hasAttribute('title')).toBe(false);
  });
});

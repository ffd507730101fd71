import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  /** Set for a choice among several (a radio item): whether it is the current one. */
  checked?: boolean;
}

interface MenuButtonProps {
  /** The button's accessible name. */
  label: string;
  /** What the button shows (an icon, a visible label). */
  children: ReactNode;
  items: readonly MenuItem[];
  className?: string;
  /** Where the menu opens relative to the button. */
  placement?: 'above' | 'below';
  title?: string;
}

/**
 * A button that opens a menu (WAI-ARIA menu button pattern): the first item takes focus, arrows
 * move, Enter or Space picks, Escape closes and gives focus back to the button, a click elsewhere
 * closes.
 */
export function MenuButton({
  label,
  children,
  items,
  className,
  placement = 'above',
  title,
}: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => entries[(to + entries.length) % entries.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(entries.length - 1);
    else if (event.key === 'Escape') close();
    else if (event.key === 'Tab') setOpen(false);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  return (
    <div className="menu-button">
      <button
        ref={button}
        type="button"
        className={className}
        aria-label={label}
        title={title ?? label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {children}
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={label}
          className={`menu menu--${placement}`}
          onKeyDown={onKeyDown}
        >
          {items.map((item) => {
            const pick = () => {
              item.onSelect();
              close();
            };
            return item.checked === undefined ? (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="menu__item"
                onClick={pick}
              >
                {item.label}
              </button>
            ) : (
              <button
                key={item.label}
                type="button"
                role="menuitemradio"
                aria-checked={item.checked}
                tabIndex={-1}
                className="menu__item"
                onClick={pick}
              >
                <span className="menu__check" aria-hidden="true">
                  {item.checked ? '●' : ''}
                </span>
                {item.label}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

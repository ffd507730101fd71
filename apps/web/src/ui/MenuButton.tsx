import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';

export interface MenuItem {
  /** The item's accessible name (and its text unless `content` is given). */
  label: string;
  content?: ReactNode;
  onSelect: () => void;
  /** Set for a choice among several (a `menuitemradio`): whether it is the current one. */
  checked?: boolean;
}

function itemsOf(menu: HTMLElement | null): HTMLElement[] {
  return [...(menu?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
}

interface MenuButtonProps {
  /** The button's accessible name. */
  label: string;
  /** What the button shows; the label is its name either way. */
  children: ReactNode;
  items: readonly MenuItem[];
  className?: string;
  menuClassName?: string;
  /** Where the menu opens relative to the button (default: above, as from the call's controls). */
  placement?: 'above' | 'below';
  /**
   * Set where the children show the label as a tooltip themselves (the call bar's controls);
   * otherwise the label is the button's native tooltip. Never both: two tooltips at once.
   */
  labelShown?: boolean;
}

/**
 * The WAI-ARIA menu button: a button that opens a `role="menu"` of `menuitem`s. Enter, Space or
 * Arrow Down open it on the first item (Arrow Up on the last); arrows, Home and End move; Enter or
 * Space choose; Escape or Tab close. Focus returns to the button when the menu closes.
 */
export function MenuButton({
  label,
  children,
  items,
  className,
  menuClassName,
  placement = 'above',
  labelShown = false,
}: MenuButtonProps) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const all = itemsOf(menuRef.current);
    (open === 'last' ? all.at(-1) : all[0])?.focus();
    // A click anywhere else closes the menu (focus stays where the click put it).
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const all = itemsOf(menuRef.current);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      all[(to + all.length) % all.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(all.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') close(false);
  };

  return (
    <div className="menu-button">
      <button
        ref={buttonRef}
        type="button"
        className={className}
        aria-label={label}
        title={labelShown ? undefined : label}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : setOpen('first'))}
        onKeyDown={onButtonKey}
      >
        {children}
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          className={`menu menu--${placement}${menuClassName ? ` ${menuClassName}` : ''}`}
          onKeyDown={onMenuKey}
        >
          {items.map((item) => {
            const pick = () => {
              close(true);
              item.onSelect();
            };
            const name = item.content ? item.label : undefined;
            return item.checked === undefined ? (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="menu__item"
                aria-label={name}
                onClick={pick}
              >
                {item.content ?? item.label}
              </button>
            ) : (
              <button
                key={item.label}
                type="button"
                role="menuitemradio"
                aria-checked={item.checked}
                tabIndex={-1}
                className="menu__item"
                aria-label={name}
                onClick={pick}
              >
                <span className="menu__check" aria-hidden="true">
                  {item.checked ? '●' : ''}
                </span>
                {item.content ?? item.label}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

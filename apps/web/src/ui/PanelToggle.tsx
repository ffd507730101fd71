import { useId } from 'react';
import { Icon, type IconName } from './Icon';
import { useFocusReturn } from './useFocusReturn';

interface PanelToggleProps {
  /** The button's accessible name; it stays the same whatever the count. */
  label: string;
  icon: IconName;
  /** Whether the panel is open (the button is pressed). */
  open: boolean;
  onToggle: () => void;
  /** Shown as a badge while above 0 (e.g. unread messages). */
  count: number;
  /** What the count means, read as the button's description (e.g. "3 unread messages"). */
  describeCount: (count: number) => string;
}

/** A call-bar toggle that opens a side panel, with a count badge; focus comes back here on close. */
export function PanelToggle({ label, icon, open, onToggle, count, describeCount }: PanelToggleProps) {
  const ref = useFocusReturn<HTMLButtonElement>(open);
  const countId = useId();
  // The count lives beside the button, not in it: inside, it would become part of the name.
  return (
    <>
      <button
        ref={ref}
        type="button"
        className={`control${open ? ' control--highlight' : ''}`}
        aria-pressed={open}
        aria-describedby={count > 0 ? countId : undefined}
        onClick={onToggle}
      >
        <span className="control__icon">
          <Icon name={icon} />
          {count > 0 && (
            <span className="badge" aria-hidden="true">
              {count > 99 ? '99+' : count}
            </span>
          )}
        </span>
        <span className="control__label">{label}</span>
      </button>
      {count > 0 && (
        <span id={countId} className="visually-hidden">
          {describeCount(count)}
        </span>
      )}
    </>
  );
}

/**
 * A call-bar control's name: visually hidden, shown as the control's tooltip on hover or focus
 * (styles/controls.css). A hint, when given, adds a line to that tooltip; it stays out of the
 * name, so the button must also carry it as its `aria-description` for screen readers.
 */
export function ControlLabel({ label, hint }: { label: string; hint?: string }) {
  return (
    <span className="control__label">
      {label}
      {hint && (
        <span className="control__hint" aria-hidden="true">
          {hint}
        </span>
      )}
    </span>
  );
}

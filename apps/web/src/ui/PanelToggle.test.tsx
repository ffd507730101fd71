import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelToggle } from './PanelToggle';

afterEach(cleanup);

/** A toggle and the panel it opens, with a Close button inside the panel. */
function Harness({ count = 0 }: { count?: number }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <PanelToggle
        label="Chat"
        icon="chat"
        open={open}
        onToggle={() => setOpen(!open)}
        count={count}
        describeCount={(n) => `${n} unread messages`}
      />
      {open && (
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      )}
    </>
  );
}

describe('PanelToggle', () => {
  it('is pressed while open, and takes focus back when the panel closes from inside', () => {
    render(<Harness />);
    const toggle = screen.getByRole('button', { name: 'Chat' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    const close = screen.getByRole('button', { name: 'Close' });
    close.focus();
    fireEvent.click(close);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(document.activeElement).toBe(toggle);
  });

  it('keeps the count out of the name: a badge, and the meaning as the description', () => {
    render(<Harness count={120} />);
    const toggle = screen.getByRole('button', { name: 'Chat' });
    expect(toggle.textContent).toContain('99+');
    const description = document.getElementById(toggle.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe('120 unread messages');
  });

  it('has no badge nor description at 0', () => {
    render(<Harness count={0} />);
    const toggle = screen.getByRole('button', { name: 'Chat' });
    expect(toggle.hasAttribute('aria-describedby')).toBe(false);
    expect(toggle.querySelector('.badge')).toBeNull();
  });
});

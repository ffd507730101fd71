import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { appUpdateStore } from '../store/appUpdate';
import { UpdateNotice } from './UpdateNotice';

afterEach(() => {
  cleanup();
  appUpdateStore.getState().dismiss();
});

describe('UpdateNotice', () => {
  it('says nothing until there is a new version, then says which, until dismissed', () => {
    render(<UpdateNotice />);
    expect(screen.queryByRole('status')).toBeNull();

    act(() => appUpdateStore.getState().setUpdate('waiting'));
    expect(screen.getByRole('status').textContent).toContain(
      'The new version opens next time you open Parley',
    );

    act(() => appUpdateStore.getState().setUpdate('applied'));
    expect(screen.getByRole('status').textContent).toContain('Parley was updated');

    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, vi } from 'vitest';

/** Clicks « Connecter … » and answers where the page was sent: the browser would leave for it. */
export async function consentRedirect(label: string): Promise<URL> {
  const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
  try {
    await userEvent
      .setup()
      .click(within(await screen.findByRole('article', { name: label })).getByRole('button', { name: `Connecter ${label}` }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    return new URL(String(assign.mock.calls[0]![0]));
  } finally {
    assign.mockRestore();
  }
}

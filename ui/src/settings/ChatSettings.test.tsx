import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { Settings } from '../bindings';
import { alpha } from '../test/catalog';
import { chatBackend, typeAndSend } from '../test/chat';

describe('Prompt caching setting', () => {
  it('is saved the moment it is switched off, and the next request asks for no cache', async () => {
    const { calls, turns } = chatBackend({ settings: { selectedModelId: alpha.id, promptCaching: true } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const section = await screen.findByRole('region', { name: 'Chat' });
    const box = within(section).getByRole('checkbox', { name: 'Prompt caching' });
    expect(box).toBeChecked();
    expect(section).toHaveTextContent('the system prompt and the conversation so far are cached');
    await user.click(box);
    await waitFor(() => expect(box).not.toBeChecked());
    const saved = calls.filter((c) => c.cmd === 'update_settings').map((c) => (c.args as { settings: Settings }).settings);
    expect(saved.map((s) => s.promptCaching)).toEqual([false]);
    expect(await within(section).findByText('Saved')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Chat' }));
    await typeAndSend(user, 'hello');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request.promptCache).toBe(false);
  });
});

// The last resort: a parser failure the depth check did not foresee still costs nothing but the
// formatting of that one message.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { chatBackend, savedConversation, typeAndSend, usage } from '../test/chat';
import { PLAIN_NOTE } from './MessageView';

// The real parser, except that it overflows on text with "BOOM" in it, as it does on deep nesting.
vi.mock('react-markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-markdown')>();
  return {
    ...actual,
    default: (props: Parameters<typeof actual.default>[0]) => {
      if (String(props.children).includes('BOOM')) throw new RangeError('Maximum call stack size exceeded');
      return createElement(actual.default, props);
    },
  };
});

describe('an answer the parser fails on', () => {
  it('shows that answer as plain text, whole, and leaves the app and the other messages as they were', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { turns } = chatBackend({ saved: [savedConversation()] });
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Break it');
    await waitFor(() => expect(turns).toHaveLength(1));
    const text = 'Fine **start**.\n\nBOOM **here** and the rest.';
    turns[0]!.emit({ type: 'delta', text });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });

    await waitFor(() => expect(screen.getAllByRole('article', { name: 'Answer' })[1]).toHaveTextContent(PLAIN_NOTE));
    const [earlier, answer] = screen.getAllByRole('article', { name: 'Answer' });
    expect(answer!.querySelector('pre.plain-text')?.textContent).toBe(text);
    expect(within(answer!).getByTestId('usage')).toHaveTextContent('12 in · 34 out tokens');
    expect(earlier!.querySelector('strong')).toHaveTextContent('much');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeInTheDocument();
    expect(warn).toHaveBeenCalledWith('[chat] an answer could not be formatted; shown as plain text', expect.objectContaining({ chars: text.length }));
    errors.mockRestore();
  });
});

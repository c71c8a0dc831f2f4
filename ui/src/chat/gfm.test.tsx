// GitHub-flavoured Markdown in answers: tables, strikethrough, task lists and autolinks render,
// raw HTML still does not, and the depth limit counts strikethrough too.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { message } from '../test/chat';
import { MessageView } from './MessageView';
import { nestingDepth, tooDeep } from './markdown';

function answerOf(text: string): HTMLElement {
  render(<MessageView message={message('assistant', text, { outcome: 'completed' })} streaming={false} />);
  return screen.getByRole('article', { name: 'Answer' });
}

describe('GitHub-flavoured Markdown', () => {
  it('renders a table inside a box that scrolls sideways', () => {
    const answer = answerOf('| Model | Price |\n| --- | ---: |\n| Haiku | $0.25 |\n| Sonnet | $3 |');
    const table = answer.querySelector('table');
    expect(table).not.toBeNull();
    expect([...table!.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Model', 'Price']);
    expect([...table!.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual(['Haiku$0.25', 'Sonnet$3']);
    const scroller = table!.parentElement!;
    expect(scroller).toHaveAttribute('data-testid', 'table-scroll');
    expect(scroller).toHaveClass('overflow-x-auto', 'max-w-full');
  });

  it('renders strikethrough and a task list', () => {
    const answer = answerOf('This is ~~wrong~~ right.\n\n- [x] done\n- [ ] to do');
    expect(answer.querySelector('del')).toHaveTextContent('wrong');
    const boxes = [...answer.querySelectorAll('li input[type="checkbox"]')] as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([true, false]);
    // A model's checkbox is a picture of one: it cannot be ticked.
    expect(boxes.every((b) => b.disabled)).toBe(true);
    expect(answer.querySelector('li')).toHaveTextContent('done');
  });

  it('shows an autolinked address as text, not as a link', () => {
    const answer = answerOf('See https://evil.example/x and www.example.com now.');
    expect(answer.querySelector('a')).toBeNull();
    expect(answer.querySelector('span[title="https://evil.example/x"]')).toHaveTextContent('https://evil.example/x');
  });

  it('keeps raw HTML as nothing but text, in a table cell too', () => {
    const answer = answerOf('| a |\n| - |\n| <b>bold</b> <script>window.hacked=3</script> |\n\n<details open><summary>s</summary>x</details>');
    expect(answer.querySelector('table')).not.toBeNull();
    expect(answer.querySelector('b, script, details, summary')).toBeNull();
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });
});

describe('the depth limit with strikethrough', () => {
  it('counts nested ~~ like nested emphasis', () => {
    expect(nestingDepth(`${'~~a '.repeat(100)}x${' a~~'.repeat(100)}`)).toBeGreaterThanOrEqual(100);
    expect(tooDeep(`${'~~a '.repeat(100)}x${' a~~'.repeat(100)}`)).toBe(true);
    expect(tooDeep('Costs ~$3, not ~~$5~~, see ~/notes and a ~ b.')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_NESTING, nestingDepth, splitBlocks, tooDeep } from './markdown';

const list = (depth: number) => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');

describe('nesting depth', () => {
  it('passes the nesting answers really have', () => {
    const everyday = [
      '# Title\n\nSome **bold**, _italic_ and ***both***, `a*b*c` and snake_case_names.\n',
      '- a\n  - b\n    - c\n      1. d\n\n> quote\n> > inner quote\n',
      '***\n\n---\n\n2*3*4 = 24, and x_1 + x_2',
      '```python\n' + '    '.repeat(20) + 'deeply_indented = "**" * 40\n```\n',
      Array.from({ length: 500 }, (_, i) => `**item ${i}** and *note*`).join(' '),
    ];
    for (const text of everyday) expect(tooDeep(text), text.slice(0, 40)).toBe(false);
    expect(nestingDepth('- a\n  - b\n    - c')).toBeGreaterThanOrEqual(3);
  });

  it('counts nested quotes, lists and emphasis, never fewer than there are', () => {
    expect(nestingDepth(`${'> '.repeat(2000)}x`)).toBeGreaterThanOrEqual(2000);
    expect(nestingDepth(list(1000))).toBeGreaterThanOrEqual(1000);
    expect(nestingDepth(`${'- '.repeat(300)}x`)).toBeGreaterThanOrEqual(300);
    expect(nestingDepth(`${'*'.repeat(5000)}x${'*'.repeat(5000)}`)).toBeGreaterThanOrEqual(5000);
    expect(nestingDepth(`${'*a '.repeat(100)}x${' a*'.repeat(100)}`)).toBeGreaterThanOrEqual(100);
    expect(nestingDepth(`${'_a '.repeat(100)}x${' a_'.repeat(100)}`)).toBeGreaterThanOrEqual(100);
    // A row of `*` can open as many levels as it is long.
    expect(nestingDepth('*'.repeat(10000))).toBeGreaterThan(MAX_NESTING);
    // An escaped backtick opens no code span, so the emphasis after it counts; a code span's does not.
    expect(nestingDepth(`\\\`${'*a '.repeat(100)}x${' a*'.repeat(100)}\``)).toBeGreaterThanOrEqual(100);
    expect(nestingDepth(`\`${'*a '.repeat(100)}x${' a*'.repeat(100)}\``)).toBe(0);
  });

  it('does not count what sits inside fenced code', () => {
    expect(nestingDepth('```\n' + '> '.repeat(500) + '\n```\n')).toBe(0);
    expect(nestingDepth('~~~~\n```\n' + '> '.repeat(500) + '\n~~~~\n')).toBe(0);
    // An unclosed fence runs to the end, as in CommonMark.
    expect(nestingDepth('> '.repeat(50) + 'x\n```\n' + '> '.repeat(500))).toBeLessThan(500);
  });
});

describe('blocks', () => {
  it('splits before top-level paragraphs and joins back to the same text', () => {
    const text = '# T\n\npara one\nmore\n\n- a\n\n- b\n\n```\ncode\n\nmore code\n```\n\nlast\n\n    indented\n\nend';
    const blocks = splitBlocks(text);
    expect(blocks).toEqual(['# T\n\n', 'para one\nmore\n\n- a\n\n- b\n\n', '```\ncode\n\nmore code\n```\n\n', 'last\n\n    indented\n\n', 'end']);
    expect(blocks.join('')).toBe(text);
  });

  it('keeps text whose constructs reach across blank lines whole', () => {
    const reference = 'See [the docs][d].\n\nMore.\n\n[d]: https://example.com\n';
    expect(splitBlocks(reference)).toEqual([reference]);
    const comment = 'Before.\n\n<!--\n\n# hidden\n\n-->\n\nAfter.';
    expect(splitBlocks(comment)).toEqual([comment]);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversationTitle, frameBatcher } from './useChat';

/** True when `s` survives UTF-8 as it is (a lone surrogate does not). */
const wellFormed = (s: string) => new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(s)) === s;

describe('conversation titles', () => {
  it('cuts by code points: an emoji straddling the cut stays whole', () => {
    const text = `${'a'.repeat(56)}😀${'b'.repeat(20)}`;
    // Cut by UTF-16 units, the title would end in half of the emoji.
    expect(wellFormed(text.slice(0, 57))).toBe(false);
    const title = conversationTitle(text);
    expect(wellFormed(title)).toBe(true);
    expect(title).toBe(`${'a'.repeat(56)}😀…`);
  });

  it('does not split a family emoji (one grapheme of five code points)', () => {
    const title = conversationTitle(`${'a'.repeat(55)}👨‍👩‍👧 and more words`);
    expect(title).toBe(`${'a'.repeat(55)}…`);
  });

  it('keeps a short first line as it is', () => {
    expect(conversationTitle('  Hello 😀\nsecond line')).toBe('Hello 😀');
    expect(conversationTitle('   ')).toBe('New chat');
  });
});

describe('frame batcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands on the chunks of one frame at once, in order, and flush hands on the rest at once', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] });
    const out: string[] = [];
    const batch = frameBatcher((t) => out.push(t));
    batch.push('a');
    batch.push('b');
    batch.push('c');
    expect(out).toEqual([]);
    vi.advanceTimersToNextFrame();
    expect(out).toEqual(['abc']);
    batch.push('d');
    batch.flush();
    expect(out).toEqual(['abc', 'd']);
    // Nothing is handed on twice: the frame scheduled for `d` finds nothing left.
    vi.advanceTimersByTime(1000);
    expect(out).toEqual(['abc', 'd']);
  });

  it('hands the text on without frames (a hidden window runs none)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 1);
    const out: string[] = [];
    const batch = frameBatcher((t) => out.push(t));
    batch.push('x');
    batch.push('y');
    expect(raf).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(300);
    expect(out).toEqual(['xy']);
  });
});

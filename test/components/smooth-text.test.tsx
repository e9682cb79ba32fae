import { act, render, renderHook, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SmoothMarkdownText, useSmoothText } from '../../src/index.js';

/** A hand-driven requestAnimationFrame: `frame(ms)` runs the queued callbacks `ms` after the last. */
function frames() {
  let queue = new Map<number, FrameRequestCallback>();
  let next = 1;
  let time = 1000;
  const cancelled: number[] = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    queue.set(next, callback);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    cancelled.push(id);
    queue.delete(id);
  });
  return {
    cancelled,
    pending: () => queue.size,
    frame(ms = 16) {
      time += ms;
      const run = queue;
      queue = new Map();
      act(() => {
        for (const callback of run.values()) callback(time);
      });
    },
  };
}

const reduceMotion = (reduce: boolean) =>
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: reduce && query.includes('reduce'),
    media: query,
  }));

beforeEach(() => reduceMotion(false));
afterEach(() => vi.unstubAllGlobals());

describe('useSmoothText', () => {
  it('reveals streamed text a little per frame, each frame showing more, never past what arrived', () => {
    const raf = frames();
    const text = 'The quick brown fox jumps over the lazy dog.';
    const { result } = renderHook(() => useSmoothText(text, { streaming: true, charsPerSecond: 100 }));
    expect(result.current).toBe('');
    const seen: number[] = [];
    for (let index = 0; index < 40 && result.current !== text; index++) {
      raf.frame(16);
      seen.push(result.current.length);
      expect(text.startsWith(result.current)).toBe(true);
    }
    expect(result.current).toBe(text);
    // Gradual: many frames, each adding a few characters.
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((length, index) => index === 0 || length > (seen[index - 1] ?? 0))).toBe(true);
    expect(
      Math.max(...seen.map((length, index) => length - (index ? (seen[index - 1] ?? 0) : 0))),
    ).toBeLessThan(12);
    expect(raf.pending()).toBe(0);
  });

  it('a burst is caught up within maxLagMs, however slow the steady pace', () => {
    const raf = frames();
    const { result, rerender } = renderHook(
      ({ text }) => useSmoothText(text, { charsPerSecond: 10, maxLagMs: 500 }),
      {
        initialProps: { text: '' },
      },
    );
    rerender({ text: 'x'.repeat(2000) });
    for (let elapsed = 0; elapsed < 560; elapsed += 16) raf.frame(16);
    expect(result.current.length).toBe(2000);
  });

  it('text that is not streaming shows whole, with no frame scheduled; so does a change to it', () => {
    const raf = frames();
    const { result, rerender } = renderHook(({ text }) => useSmoothText(text, { streaming: false }), {
      initialProps: { text: 'History' },
    });
    expect(result.current).toBe('History');
    rerender({ text: 'History, edited' });
    expect(result.current).toBe('History, edited');
    expect(raf.pending()).toBe(0);
  });

  it('when streaming ends, the rest shows within finishMs', () => {
    const raf = frames();
    const text = 'y'.repeat(600);
    const { result, rerender } = renderHook(
      ({ streaming }) => useSmoothText(text, { streaming, charsPerSecond: 20 }),
      {
        initialProps: { streaming: true },
      },
    );
    raf.frame(16);
    expect(result.current.length).toBeLessThan(600);
    rerender({ streaming: false });
    for (let elapsed = 0; elapsed < 180; elapsed += 16) raf.frame(16);
    expect(result.current).toBe(text);
  });

  it('never shows half of a surrogate pair', () => {
    const raf = frames();
    const text = '😀'.repeat(50);
    const { result } = renderHook(() => useSmoothText(text, { charsPerSecond: 70 }));
    for (let index = 0; index < 60 && result.current !== text; index++) {
      raf.frame(16);
      expect(result.current.length % 2).toBe(0);
    }
    expect(result.current).toBe(text);
  });

  it('prefers-reduced-motion, or no requestAnimationFrame: the text as it is', () => {
    reduceMotion(true);
    const raf = frames();
    const { result } = renderHook(() => useSmoothText('Streaming text', { streaming: true }));
    expect(result.current).toBe('Streaming text');
    expect(raf.pending()).toBe(0);
    vi.unstubAllGlobals();
    vi.stubGlobal('requestAnimationFrame', undefined);
    const bare = renderHook(() => useSmoothText('No frames here', { streaming: true }));
    expect(bare.result.current).toBe('No frames here');
  });

  it('a text that does not continue the last one starts over from what they share', () => {
    const raf = frames();
    const { result, rerender } = renderHook(({ text }) => useSmoothText(text, { charsPerSecond: 1000 }), {
      initialProps: { text: 'Answer one, long enough' },
    });
    for (let index = 0; index < 10; index++) raf.frame(16);
    expect(result.current).toBe('Answer one, long enough');
    rerender({ text: 'Answer two' });
    expect(result.current).toBe('Answer ');
    for (let index = 0; index < 10; index++) raf.frame(16);
    expect(result.current).toBe('Answer two');
  });

  it('StrictMode (double render, effects run twice): one frame loop, the text still completes', () => {
    const raf = frames();
    const text = 'Strict mode text that streams in.';
    const { result } = renderHook(() => useSmoothText(text, { charsPerSecond: 200 }), {
      wrapper: StrictMode,
    });
    for (let index = 0; index < 30 && result.current !== text; index++) {
      expect(raf.pending()).toBeLessThanOrEqual(1);
      raf.frame(16);
      expect(text.startsWith(result.current)).toBe(true);
    }
    expect(result.current).toBe(text);
  });

  it('unmounting cancels the pending frame', () => {
    const raf = frames();
    const { unmount } = renderHook(() => useSmoothText('x'.repeat(100)));
    raf.frame(16);
    expect(raf.pending()).toBe(1);
    unmount();
    expect(raf.cancelled).toHaveLength(1);
    expect(raf.pending()).toBe(0);
  });
});

describe('SmoothMarkdownText', () => {
  it('renders the paced text as Markdown, the full text once caught up', () => {
    const raf = frames();
    const text = '**Bold** start, then a long plain tail of words.';
    const { container, rerender } = render(<SmoothMarkdownText text={text} streaming />);
    expect(container.textContent).toBe('');
    for (let index = 0; index < 6; index++) raf.frame(16);
    expect((container.textContent ?? '').length).toBeGreaterThan(0);
    expect((container.textContent ?? '').length).toBeLessThan(40);
    rerender(<SmoothMarkdownText text={text} streaming={false} />);
    for (let index = 0; index < 20; index++) raf.frame(16);
    expect(screen.getByText('Bold').tagName).toBe('STRONG');
    expect(container.textContent).toBe('Bold start, then a long plain tail of words.');
    expect(container.querySelector('[data-streaming]')).toBeNull();
  });
});

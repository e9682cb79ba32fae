/** Markdown cut into top-level blocks, with what is needed to continue the cut as text grows. */
export interface MarkdownBlocks {
  /** The text that was split. */
  text: string;
  /** Block sources, in order; the last one is still growing while a reply streams. */
  blocks: string[];
  /** Offset in `text` where each block starts. */
  starts: number[];
  /** Whether the text ends inside a code fence (the last block then has a closing fence added). */
  openFence: boolean;
  /** Whether the text holds link reference definitions (then blocks cannot be cut independently). */
  hasDefinitions: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const DEFINITION = /^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S/;
const EMPTY: MarkdownBlocks = { text: '', blocks: [], starts: [], openFence: false, hasDefinitions: false };

interface Cut {
  starts: number[];
  fence: { marker: string; length: number } | null;
  hasDefinitions: boolean;
}

function cut(text: string, from: number): Cut {
  const starts = [from];
  let fence: Cut['fence'] = null;
  let hasDefinitions = false;
  let previousBlank = false;
  let inList = false;
  let position = from;
  while (position < text.length) {
    let end = text.indexOf('\n', position);
    if (end === -1) end = text.length;
    const line = text.slice(position, end);
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      const marker = fenceMatch?.[1];
      if (marker?.[0] === fence.marker && marker.length >= fence.length && !fenceMatch?.[2]?.trim()) {
        fence = null;
      }
      previousBlank = false;
    } else if (line.trim() === '') {
      previousBlank = true;
    } else {
      // A new block starts after a blank line, at column 0, unless it continues a list.
      const indented = line[0] === ' ' || line[0] === '\t';
      const listItem = LIST_ITEM.test(line);
      if (position === from) inList = listItem;
      else if (previousBlank && !indented && !(inList && listItem)) {
        starts.push(position);
        inList = listItem;
      }
      if (fenceMatch?.[1] && !(fenceMatch[1][0] === '`' && fenceMatch[2]?.includes('`'))) {
        fence = { marker: fenceMatch[1][0] ?? '`', length: fenceMatch[1].length };
      }
      if (DEFINITION.test(line)) hasDefinitions = true;
      previousBlank = false;
    }
    position = end + 1;
  }
  return { starts, fence, hasDefinitions };
}

function build(text: string, starts: number[], fence: Cut['fence'], hasDefinitions: boolean): MarkdownBlocks {
  if (hasDefinitions) {
    // Reference links resolve against definitions anywhere in the document: keep it whole.
    const whole = fence ? `${text}\n${fence.marker.repeat(fence.length)}` : text;
    return { text, blocks: [whole], starts: [0], openFence: fence !== null, hasDefinitions };
  }
  const blocks: string[] = [];
  for (let index = 0; index < starts.length; index++) {
    const start = starts[index] ?? 0;
    const end = starts[index + 1] ?? text.length;
    blocks.push(text.slice(start, end).trimEnd());
  }
  if (fence && blocks.length > 0) {
    blocks[blocks.length - 1] = `${blocks.at(-1)}\n${fence.marker.repeat(fence.length)}`;
  }
  return { text, blocks, starts, openFence: fence !== null, hasDefinitions };
}

/**
 * Splits Markdown into top-level blocks (paragraphs, lists, code blocks, tables...) so a streaming
 * reply re-parses only its last block. Blank lines inside code fences never split; a code fence
 * left open mid-stream gets a closing fence so it shows as code. Pass the previous result to
 * re-split only the last block when the text only grew (the usual case while streaming); completed
 * blocks keep the same string values, so memoized renderers skip them.
 *
 * @example
 * splitMarkdownBlocks('# Title\n\nSome text\n\n```js\nlet a').blocks;
 * // ['# Title', 'Some text', '```js\nlet a\n```']
 */
export function splitMarkdownBlocks(text: string, previous?: MarkdownBlocks): MarkdownBlocks {
  if (text === '') return EMPTY;
  if (previous && previous.text === text) return previous;
  if (previous && !previous.hasDefinitions && previous.blocks.length > 0 && text.startsWith(previous.text)) {
    const lastStart = previous.starts.at(-1) ?? 0;
    const tail = cut(text, lastStart);
    if (!tail.hasDefinitions) {
      const starts = [...previous.starts.slice(0, -1), ...tail.starts];
      const next = build(text, starts, tail.fence, false);
      // Reuse the previous strings for unchanged blocks so identity checks stay cheap.
      for (let index = 0; index < previous.blocks.length - 1; index++) {
        next.blocks[index] = previous.blocks[index] ?? '';
      }
      return next;
    }
  }
  const whole = cut(text, 0);
  return build(text, whole.starts, whole.fence, whole.hasDefinitions);
}

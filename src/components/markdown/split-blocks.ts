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
  /**
   * Whether the text is kept as one block: it may hold link or footnote definitions (which
   * resolve across blocks) or `\r` line breaks.
   */
  hasDefinitions: boolean;
}

/** Where a text's blocks start; each start is a point where parsing can begin afresh. */
export interface BlockCut {
  /** The text that was cut. */
  text: string;
  /** Offset in `text` where each block starts; the first is 0 (1 past a byte order mark). */
  starts: number[];
  /** Whether the text must be parsed whole (definitions, or line breaks other than `\n`). */
  whole: boolean;
  /**
   * The code fence the text ends in: its opening line's indentation, the code of its character
   * (a backtick or a tilde) and its length.
   */
  fence: { indent: string; code: number; length: number } | null;
}

// Character codes. Exported only so that the build inlines them: it keeps a module-local
// constant as a variable.
export const SPACE = 32;
export const TAB = 9;
export const BACKTICK = 96;
export const TILDE = 126;
const EMPTY_CUT: BlockCut = { text: '', starts: [], whole: false, fence: null };
const EMPTY: MarkdownBlocks = { text: '', blocks: [], starts: [], openFence: false, hasDefinitions: false };

// A list marker (`-`, `*`, `+`, `1.`, `1)`: up to nine digits) followed by a space, a tab or the
// line's end. Sticky, as the patterns below: it matches at `lastIndex` only.
const LIST_MARKER = /(?:[-*+]|\d{1,9}[.)])(?=[ \t\n]|$)/y;

// A fence run: 3+ backticks or tildes.
const FENCE_RUN = /`{3,}|~{3,}/y;

/** Length of the sticky `pattern`'s match at `at` in `text`, or 0 when it does not match there. */
function matchLength(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0].length ?? 0;
}

/** Whether only spaces and tabs follow `at` on the line. */
function restIsBlank(text: string, at: number, end: number): boolean {
  for (let index = at; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code !== SPACE && code !== TAB) return false;
  }
  return true;
}

// A fence run after any container markers (`>`, list markers, spaces and tabs) on a line: the
// patterns above, after any run of those markers. Their first characters differ, so it reads the
// line once, as a loop would.
const NESTED_FENCE = /(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t\n]|$))*(?:`{3,}|~{3,})/y;

/** Where the blocks start, the code fence the text ends in, and whether it has definitions. */
type Scan = [starts: number[], fence: BlockCut['fence'], definitions: boolean];

/*
 * A new block starts at a line that follows a blank line when nothing before it can continue
 * past that blank line: no open code fence, no list item the line is indented into (nor a list
 * marker, which may continue the list), no indented code (4+ columns). Anything unsure merges
 * into the block before it, which is always safe: the merged text is parsed as the whole text
 * would be. Fences inside lists or other containers that cannot be followed exactly stop the
 * cutting for the rest of the text.
 */
function scan(text: string, from: number): Scan {
  const starts = [from];
  let fence: (BlockCut['fence'] & { column: number }) | null = null;
  let definitions = false;
  let content = false;
  let blank = false;
  let stopped = false;
  // Content column of the latest list item at the block's top level (-1 outside lists).
  let listColumn = -1;
  let position = from;
  const length = text.length;
  let colon = text.indexOf(']:', from);
  while (position < length) {
    let end = text.indexOf('\n', position);
    if (end === -1) end = length;
    let at = position;
    let column = 0;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (code === SPACE) column++;
      else if (code === TAB) column += 4 - (column % 4);
      else break;
      at++;
    }
    const next = end + 1;
    if (at === end) {
      if (content && !fence) blank = true;
      position = next;
      continue;
    }
    if (colon !== -1 && colon < at) colon = text.indexOf(']:', at);
    if (colon !== -1 && colon < end && (!fence || stopped)) definitions = true;
    const first = text.charCodeAt(at);
    if (fence) {
      const run = first === fence.code ? matchLength(FENCE_RUN, text, at) : 0;
      if (run >= fence.length && restIsBlank(text, at + run, end)) {
        if (listColumn < 0 ? column < 4 : column === fence.column) fence = null;
        else if (listColumn >= 0 && column < fence.column + 4) stopped = true;
      } else if (listColumn >= 0 && column < fence.column) {
        // Less indented than its fence: the line may end the list item, and the fence with it.
        stopped = true;
      }
      position = next;
      continue;
    }
    const marker = column < 4 ? matchLength(LIST_MARKER, text, at) : 0;
    if (blank && !stopped) {
      // The parser drops a byte order mark (U+FEFF) only at the start of its text: a line starting
      // with one starts no block.
      const continues =
        column >= 4 ||
        (listColumn >= 0 && (marker > 0 || column >= listColumn)) ||
        text.charCodeAt(position) === 65279;
      if (!continues) {
        starts.push(position);
        listColumn = -1;
      }
    }
    blank = false;
    content = true;
    if (marker > 0 && (listColumn < 0 || column < listColumn)) listColumn = column + marker + 1;
    if ((first === BACKTICK || first === TILDE) && (listColumn >= 0 || column < 4)) {
      const run = matchLength(FENCE_RUN, text, at);
      const info = first === BACKTICK ? text.indexOf('`', at + run) : -1;
      if (run > 0 && (info === -1 || info >= end)) {
        const inItem = listColumn >= 0 && column >= listColumn && column < listColumn + 4;
        if (!(inItem || listColumn < 0)) stopped = true;
        fence = {
          indent: text.slice(position, at),
          length: run,
          column,
          code: first,
        };
      }
    } else if ((marker > 0 || first === 62) && matchLength(NESTED_FENCE, text, at) > 0) {
      // A fence after a list or quote marker: its extent depends on container rules.
      stopped = true;
    }
    position = next;
  }
  // The fence with its column too: nothing reads it past here.
  return [starts, fence, definitions];
}

/**
 * Cuts Markdown into top-level blocks that parse, one by one, exactly as the whole text does.
 * Pass the previous result when the text only grew: only its last two blocks are cut again.
 * Text with link or footnote definitions (which resolve across blocks) or with `\r` line breaks
 * stays whole.
 *
 * @example
 * cutMarkdownBlocks('# Title\n\nSome text').starts; // [0, 9]
 */
export function cutMarkdownBlocks(text: string, previous?: BlockCut): BlockCut {
  if (text === '') return EMPTY_CUT;
  if (previous && previous.text === text) return previous;
  if (text.includes('\r')) return { text, starts: [0], whole: true, fence: null };
  // The byte order mark the parser drops at the start (one: a second stays) is in no block.
  let from = +/^\uFEFF(?!\uFEFF)/.test(text);
  let kept: number[] = [];
  if (previous && !previous.whole && previous.starts.length > 1 && text.startsWith(previous.text)) {
    // The last block's first line may still be growing (a list marker, say): cut again from the
    // block before it, whose first line is complete.
    kept = previous.starts.slice(0, -2);
    from = previous.starts.at(-2) ?? 0;
  }
  const [starts, fence, definitions] = scan(text, from);
  if (definitions) return { text, starts: [0], whole: true, fence };
  return { text, starts: from === 0 ? starts : [...kept, ...starts], whole: false, fence };
}

/** The source of block `index` of a cut, as it stands in the text (trailing blank lines included). */
export function blockSource(cut: BlockCut, index: number): string {
  return cut.text.slice(cut.starts[index], cut.starts[index + 1]);
}

/**
 * Splits Markdown into top-level blocks (paragraphs, lists, code blocks, tables...) so a streaming
 * reply re-parses only its last block. Blank lines inside code fences never split; a code fence
 * left open mid-stream gets a closing fence so it shows as code. Pass the previous result to
 * re-split only the last blocks when the text only grew (the usual case while streaming);
 * completed blocks keep the same string values, so memoized renderers skip them.
 *
 * @example
 * splitMarkdownBlocks('# Title\n\nSome text\n\n```js\nlet a').blocks;
 * // ['# Title', 'Some text', '```js\nlet a\n```']
 */
export function splitMarkdownBlocks(text: string, previous?: MarkdownBlocks): MarkdownBlocks {
  if (text === '') return EMPTY;
  if (previous && previous.text === text) return previous;
  const cut = cutMarkdownBlocks(
    text,
    previous && { text: previous.text, starts: previous.starts, whole: previous.hasDefinitions, fence: null },
  );
  const blocks: string[] = [];
  for (let index = 0; index < cut.starts.length; index++) {
    const start = cut.starts[index] ?? 0;
    const end = cut.starts[index + 1] ?? text.length;
    const kept = previous?.blocks[index];
    const last = index === cut.starts.length - 1;
    // Reuse the previous strings for unchanged blocks so identity checks stay cheap.
    blocks.push(
      !last && kept !== undefined && previous?.starts[index + 1] === end && previous.starts[index] === start
        ? kept
        : blockSource(cut, index).trimEnd(),
    );
  }
  if (cut.fence && blocks.length > 0) {
    const { indent, code, length } = cut.fence;
    blocks[blocks.length - 1] = `${blocks.at(-1)}\n${indent}${String.fromCharCode(code).repeat(length)}`;
  }
  return { text, blocks, starts: cut.starts, openFence: cut.fence !== null, hasDefinitions: cut.whole };
}

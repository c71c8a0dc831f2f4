// Cheap checks run before an answer reaches the Markdown parser. react-markdown (remark, micromark)
// recurses once per level of nesting: 2,000 nested quotes or 5,000 nested `*` overflow the stack,
// and a 1,000-deep list takes most of a minute first. Text nested deeper than anyone formats is
// shown as plain text instead, without parsing it.

/** The deepest nesting of quotes, lists and emphasis that is still formatted. */
export const MAX_NESTING = 32;

const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isPunct = (c: string | undefined) => c !== undefined && /[\p{P}\p{S}]/u.test(c);

/**
 * How deeply `source` nests block quotes, lists, emphasis and strikethrough, estimated in one pass. It errs on
 * the high side (indentation is read as list levels, a run of `*` as that many levels); what it
 * still misses is caught by the message's error boundary.
 */
export function nestingDepth(source: string): number {
  let max = 0;
  let fence: string | null = null;
  let emphasis = 0;
  for (const line of source.split('\n')) {
    // The container prefix: indentation, `>` and list markers.
    let i = 0;
    let columns = 0;
    let markers = 0;
    for (;;) {
      const c = line[i];
      if (c === ' ') {
        columns += 1;
        i += 1;
      } else if (c === '\t') {
        columns += 4;
        i += 1;
      } else if (c === '>') {
        markers += 1;
        i += 1;
      } else if ((c === '-' || c === '*' || c === '+') && isSpace(line[i + 1])) {
        markers += 1;
        i += 1;
      } else {
        const ordered = /^\d{1,9}[.)](?=[ \t]|$)/.exec(line.slice(i, i + 11));
        if (!ordered) break;
        markers += 1;
        i += ordered[0].length;
      }
    }
    const block = markers > 0 ? markers + Math.floor(columns / 2) : 0;
    const content = line.slice(i);
    const fenceMark = /^(`{3,}|~{3,})/.exec(content)?.[1];
    if (fence !== null) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = null;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      max = Math.max(max, block);
      continue;
    }
    if (content.trim() === '') {
      // A blank line ends the paragraph, and any emphasis with it.
      emphasis = 0;
      max = Math.max(max, block);
      continue;
    }
    max = Math.max(max, block + emphasis);
    // Emphasis: runs of `*`, `_` or `~` that can open (left-flanking) or close (right-flanking), as in
    // CommonMark; a run of length k can open k levels at once.
    for (let j = 0; j < content.length; j++) {
      const c = content[j];
      if (c === '\\') {
        j += 1; // an escaped character is literal
        continue;
      }
      if (c === '`') {
        // A code span is not parsed for emphasis: skip to its closing run, if it has one here.
        let k = j;
        while (content[k] === '`') k++;
        const ticks = content.slice(j, k);
        let close = content.indexOf(ticks, k);
        while (close !== -1 && (content[close + ticks.length] === '`' || content[close - 1] === '`')) {
          let after = close;
          while (content[after] === '`') after++;
          close = content.indexOf(ticks, after);
        }
        j = close === -1 ? k - 1 : close + ticks.length - 1;
        continue;
      }
      // GFM strikethrough (`~`) nests like `*`.
      if (c !== '*' && c !== '_' && c !== '~') continue;
      let k = j;
      while (content[k] === c) k++;
      const run = k - j;
      const before = content[j - 1];
      const after = content[k];
      const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
      const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
      // Intraword `_` neither opens nor closes; intraword `*` closes an open one, else opens.
      // CommonMark: `_` inside a word neither opens nor closes.
      const opens = c !== '_' ? left : left && (!right || isPunct(before));
      const closes = c !== '_' ? right : right && (!left || isPunct(after));
      if (opens && (!closes || emphasis === 0)) emphasis += run;
      else if (closes) emphasis = Math.max(0, emphasis - run);
      max = Math.max(max, block + Math.max(emphasis, run));
      j = k - 1;
    }
  }
  return max;
}

/** True when `source` is nested deeper than the parser is given. */
export function tooDeep(source: string): boolean {
  return nestingDepth(source) > MAX_NESTING;
}

// Constructs that reach across blank lines: reference definitions (used anywhere) and the HTML
// blocks that run to their closing tag.
const KEEP_WHOLE = /^ {0,3}(\[[^\]\n]+\]:|<(!--|pre|script|style|textarea))/im;
const LIST_MARKER = /^([-*+]|\d{1,9}[.)])([ \t]|$)/;

/**
 * Splits an answer into top-level blocks that parse the same alone as together, so a streamed
 * answer re-parses only its last block. It splits only before a line that starts at column 0 after
 * a blank line, outside fenced code, and not before a list item (a loose list stays one list);
 * text with reference definitions or multi-paragraph HTML blocks stays whole. The blocks join back
 * to `source` exactly.
 */
export function splitBlocks(source: string): string[] {
  if (KEEP_WHOLE.test(source)) return [source];
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let blank = false;
  let at = 0;
  while (at <= source.length) {
    const end = source.indexOf('\n', at);
    const lineEnd = end === -1 ? source.length : end;
    const line = source.slice(at, lineEnd);
    const trimmed = line.trimStart();
    const fenceMark = /^(`{3,}|~{3,})/.exec(trimmed)?.[1];
    if (fence !== null) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && line.length - trimmed.length < 4) fence = null;
    } else {
      const startsBlock = blank && line !== '' && !isSpace(line[0]) && !LIST_MARKER.test(line);
      if (startsBlock && at > start) {
        blocks.push(source.slice(start, at));
        start = at;
      }
      if (fenceMark && line.length - trimmed.length < 4) fence = fenceMark;
      blank = trimmed === '';
    }
    if (end === -1) break;
    at = end + 1;
  }
  blocks.push(source.slice(start));
  return blocks;
}

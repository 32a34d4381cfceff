/**
 * Locates the value text of each top-level member of a JSON object without building values. The simulator
 * keeps every event as the node's own text (byte-identical replay, no lossy numbers), so it needs the exact
 * span of the `event` member inside a wire line. The input must already be known to be valid JSON.
 */
export interface Span {
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the closing quote of the string starting at `i`. */
function skipString(text: string, i: number): number {
  i++;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  throw new Error('unterminated string');
}

/** Index just past the value starting at `i` (string, object, array or literal). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new Error('unterminated object or array');
  }
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    i++;
  }
  return i;
}

/** Spans of the values of a top-level object's members, by key (keys are decoded with JSON.parse). */
export function topLevelMembers(text: string): Map<string, Span> {
  const members = new Map<string, Span>();
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) throw new Error('not a JSON object');
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return members;
  for (;;) {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) throw new Error(`expected ':' after key ${key}`);
    const start = skipSpace(text, i + 1);
    const end = skipValue(text, start);
    members.set(key, { start, end });
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return members;
    if (c !== COMMA) throw new Error(`expected ',' or '}' after member ${key}`);
    i = skipSpace(text, i + 1);
  }
}

/** The exact text of one top-level member's value, or undefined when the object has no such key. */
export function memberText(text: string, key: string): string | undefined {
  const span = topLevelMembers(text).get(key);
  return span === undefined ? undefined : text.slice(span.start, span.end);
}

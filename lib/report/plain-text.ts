// C0 and C1 control characters (ESC starts terminal escape sequences), DEL, and the Unicode
// line and paragraph separators and bidi overrides that can disguise what a line says.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** True when the text holds a control character (a line break, an escape sequence, ...). */
export function hasControlCharacters(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

/**
 * Text from the store made safe to print on one line of a terminal or inside a `--`/`#`
 * comment: control characters become spaces (no escape sequences, no line breaks that would
 * end a comment), and it is cut to `max` characters.
 */
export function oneLine(text: string, max = 400): string {
  const flat = text.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** One-line text (see oneLine) broken between words into lines of at most `width` characters where it can be. */
export function wrapWords(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text, 2000).split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

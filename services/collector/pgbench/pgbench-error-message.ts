/** How many distinct messages to keep when many clients fail the same way. */
const MAX_MESSAGES = 6;

// pgbench prints this detail under errors it ignores (vacuuming tables a custom script
// does not use); such an error and its detail are noise, not the cause of a failure.
const IGNORED_DETAIL = 'pgbench: detail: (ignoring this error and continuing anyway)';

/**
 * The meaningful part of a failed pgbench's stderr: its `pgbench: error|detail|hint: ...`
 * messages with their continuation lines (libpq hints, the LINE n: context), without
 * progress reports, "starting vacuum...end." and errors pgbench ignored. Repeated messages
 * are kept once, and only the first few and the last one are kept (the last one says why
 * pgbench stopped, e.g. "Run was aborted"). Undefined when stderr has no such message.
 */
export function pgbenchErrorMessage(stderr: string): string | undefined {
  const messages: string[][] = [];
  for (const raw of stderr.split('\n')) {
    // Vacuum errors are printed between "starting vacuum..." and "end." on that same line.
    const line = raw.replace(/^starting vacuum\.\.\./, '').trimEnd();
    if (line.startsWith('pgbench: ')) messages.push([line]);
    else if (isContinuation(line) && messages.length > 0) messages.at(-1)!.push(line.trim());
  }
  const kept: string[] = [];
  for (const [i, message] of messages.entries()) {
    if (message[0] === IGNORED_DETAIL) continue;
    if (messages[i + 1]?.[0] === IGNORED_DETAIL) continue;
    const text = message.join('\n');
    if (!kept.includes(text)) kept.push(text);
  }
  if (kept.length === 0) return undefined;
  if (kept.length <= MAX_MESSAGES) return kept.join('\n');
  const omitted = kept.length - MAX_MESSAGES;
  return [...kept.slice(0, MAX_MESSAGES - 1), `(${omitted} more messages)`, kept.at(-1)!].join('\n');
}

function isContinuation(line: string): boolean {
  if (line.trim() === '' || line === 'end.' || line.startsWith('progress: ')) return false;
  // A caret under the LINE n: context only makes sense in a fixed-width terminal.
  return !/^\s*\^\s*$/.test(line);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Control characters other than tab and line breaks are parse errors in HTML; shown as U+FFFD.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text for an HTML text node or a double- or single-quoted attribute value. Every piece of
 * text that reaches the report page goes through here, ours or the store's.
 */
export function escapeHtml(text: string | number): string {
  return String(text)
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
    .replace(CONTROL, '\uFFFD');
}

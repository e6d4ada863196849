// Small text helpers for messages that quote customer data.

/** Cuts `s` to `max` characters (not UTF-16 units) with an ellipsis, for toasts and dialogs. */
export function shorten(s: string, max = 40): string {
  const chars = Array.from(s.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Splits tag text on commas (also Chinese ，and 、), semicolons and line breaks. */
export function splitTags(text: string): string[] {
  return text
    .split(/[,，、;；\n\r]+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/** Whether `text` holds a tag separator. */
export function hasTagSeparator(text: string): boolean {
  return /[,，、;；\n\r]/.test(text);
}

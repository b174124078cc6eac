/**
 * Text normalisation shared by indexing, querying and highlighting: full-width letters and digits
 * (Ａ１) to ASCII, the ideographic space to a space, upper to lower case (punctuation stays as it
 * is: it never belongs to a term). Every
 * UTF-16 unit maps to exactly one unit, so the folded text has the length of the original and an
 * offset in one is the offset in the other: highlighting matches on folded text and marks the raw
 * text without an offset map.
 */

const foldable = /[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/;
const foldableAll = /[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/g;

function foldUnit(unit: string): string {
  const code = unit.charCodeAt(0);
  if (code === 0x3000) return ' ';
  if (code >= 0xff01) return String.fromCharCode(code - 0xfee0).toLowerCase();
  return String.fromCharCode(code + 32);
}

/** Full-width letters and digits to ASCII, upper to lower case; keeps the length. */
export function foldText(text: string): string {
  return foldable.test(text) ? text.replace(foldableAll, foldUnit) : text;
}

const cjkPattern = /[\u3400-\u9fff\uf900-\ufaff]/;
const wordCharPattern = /[\p{L}\p{N}]/u;

/** True when the string holds a Chinese character. */
export function hasCjk(text: string): boolean {
  return cjkPattern.test(text);
}

/** True when a token is worth indexing: it has a letter, a digit or a Chinese character. */
export function isWordToken(token: string): boolean {
  return wordCharPattern.test(token);
}

/** True for a token made only of ASCII letters (pinyin or initials typed instead of Chinese). */
export function isLatinWord(token: string): boolean {
  return /^[a-z]+$/.test(token);
}

/** Plain text of sanitised article HTML: tags dropped, block ends as line breaks, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h[1-6]|\/tr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

import sanitizeHtml from 'sanitize-html';

/** Article bodies are rich text: only these tags and attributes survive, links only to http(s). */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'h3',
    'h4',
    'ul',
    'ol',
    'li',
    'blockquote',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'a',
    'span',
  ],
  allowedAttributes: { a: ['href', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
};
options.allowedAttributes = { ...options.allowedAttributes, a: ['href', 'title', 'rel', 'target'] };

/** Removes everything from article HTML that is not plain formatting (scripts, styles, events, frames). */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** True when a text carries HTML markup rather than plain lines. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?(p|br|div|span|strong|b|em|i|u|ul|ol|li|table|tr|td|th|h[1-6]|a|blockquote)\b[^>]*>/i.test(text);
}

/** An imported body as article HTML: markup is sanitised, plain text becomes one paragraph per line. */
export function bodyHtmlOf(text: string): string {
  if (looksLikeHtml(text)) return sanitizeArticleHtml(text);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

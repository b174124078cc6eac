/**
 * HTML that the server made safe: titles and snippets are escaped text with only <mark> added
 * (analysis/highlight.ts), article bodies are sanitised on save (kb-html.ts).
 */
export function MarkedHtml({
  html,
  as: Tag = 'span',
  className,
}: {
  html: string;
  as?: 'span' | 'div';
  className?: string;
}) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the server escapes the text and adds only <mark>, or sanitises article HTML.
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The plain text of server HTML (marks dropped, entities decoded). */
export function plainTextOf(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
}

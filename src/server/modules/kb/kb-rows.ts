/** Helpers the knowledge base's repositories share. */

/** Splits a list into parts of at most `size` (bound parameters per statement are limited). */
export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** A JSON array of strings as stored in a text column. */
export const parseList = (json: string): string[] => JSON.parse(json) as string[];

import { foldText } from './normalize';

/**
 * Highlighting over the raw text: terms are found in the folded text (same length as the raw text,
 * see foldText), longest term first and without overlaps, so every offset is right by construction.
 * Output is HTML: the text is escaped and only `<mark>` is added.
 */

interface Match {
  start: number;
  end: number;
  term: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Every non-overlapping occurrence of the terms in the text, longest term first, in text order. */
export function findMatches(text: string, terms: readonly string[]): Match[] {
  const folded = foldText(text);
  const ordered = [...new Set(terms.map(foldText).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  const taken = new Uint8Array(folded.length);
  const matches: Match[] = [];
  for (const term of ordered) {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      from = at + 1;
      let free = true;
      for (let i = at; i < at + term.length; i++) {
        if (taken[i]) {
          free = false;
          break;
        }
      }
      if (!free) continue;
      taken.fill(1, at, at + term.length);
      matches.push({ start: at, end: at + term.length, term });
      from = at + term.length;
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

function markRange(text: string, matches: readonly Match[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const m of matches) {
    if (m.end <= from || m.start >= to) continue;
    const start = Math.max(m.start, from);
    const end = Math.min(m.end, to);
    out += `${escapeHtml(text.slice(at, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    at = end;
  }
  return out + escapeHtml(text.slice(at, to));
}

/** The whole text as HTML with every term marked. */
export function highlightText(text: string, terms: readonly string[]): string {
  return markRange(text, findMatches(text, terms), 0, text.length);
}

const sentenceBreak = /[。！？；\n!?;]/;

/**
 * An excerpt of about `length` characters around the densest cluster of distinct terms, as HTML
 * with the terms marked; starts at a sentence when one begins shortly before the cluster.
 */
export function snippet(text: string, terms: readonly string[], length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const matches = findMatches(flat, terms);
  if (flat.length <= length) return markRange(flat, matches, 0, flat.length);
  let bestStart = 0;
  let bestScore = -1;
  let right = 0;
  const counts = new Map<string, number>();
  for (let left = 0; left < matches.length; left++) {
    while (right < matches.length && matches[right]!.end - matches[left]!.start <= length) {
      const term = matches[right]!.term;
      counts.set(term, (counts.get(term) ?? 0) + 1);
      right++;
    }
    // Distinct terms count most; repeated ones a little.
    let score = 0;
    for (const n of counts.values()) if (n > 0) score += 10 + Math.min(n, 3);
    if (score > bestScore) {
      bestScore = score;
      bestStart = matches[left]!.start;
    }
    const leaving = matches[left]!.term;
    counts.set(leaving, (counts.get(leaving) ?? 1) - 1);
  }
  let start = Math.max(0, bestStart - 20);
  for (let i = bestStart - 1; i >= Math.max(0, bestStart - 40); i--) {
    if (sentenceBreak.test(flat[i]!)) {
      start = i + 1;
      break;
    }
  }
  if (bestScore < 0) start = 0;
  const end = Math.min(flat.length, start + length);
  return `${start > 0 ? '…' : ''}${markRange(flat, matches, start, end)}${end < flat.length ? '…' : ''}`;
}

/**
 * The one or two sentences of a text that answer the question, as HTML with the terms marked: the
 * sentence holding the most distinct terms (longer terms count more), a sentence that states the
 * asked-for kind of value (`states`: a period, a figure, a percentage, a penalty …) counting one
 * term more; the earlier sentence wins a tie. A short best sentence takes the next one along.
 */
export function answerSentences(
  text: string,
  terms: readonly string[],
  states: (sentence: string) => boolean,
  maxLength = 160,
): string {
  const sentences = text
    .replace(/[ \t]+/g, ' ')
    .split(/(?<=[。！？；\n!?;])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
  if (sentences.length === 0) return '';
  const folded = [...new Set(terms.map(foldText).filter((t) => t.length > 0))];
  let best = 0;
  let bestScore = -1;
  sentences.forEach((sentence, i) => {
    const f = foldText(sentence);
    let score = 0;
    for (const term of folded) if (f.includes(term)) score += Math.min(term.length, 4);
    if (score > 0 && states(sentence)) score += 3;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  let answer = sentences[best]!;
  const next = sentences[best + 1];
  if (answer.length < 40 && next) answer += next;
  if (answer.length > maxLength) answer = `${answer.slice(0, maxLength)}…`;
  return highlightText(answer, terms);
}

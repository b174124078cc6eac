import { foldText } from './normalize';

/**
 * Tax-domain synonyms and abbreviations (个税 = 个人所得税, 专票 = 增值税专用发票 …), kept as data:
 * each group is a set of interchangeable terms; a query term matches every member of its group.
 */
export interface QuestionHint {
  /** How callers ask (多久, 什么时候). */
  trigger: string;
  /** Words the answering text tends to hold (按月, 按季, 期限 …). */
  hints: readonly string[];
}

export class SynonymTable {
  private readonly groupsOf = new Map<string, string[]>();
  private readonly hintsByTrigger = new Map<string, string[]>();

  constructor(groups: Iterable<readonly string[]>, questionHints: Iterable<QuestionHint> = []) {
    for (const { trigger, hints } of questionHints) {
      const key = foldText(trigger.trim());
      const known = this.hintsByTrigger.get(key) ?? [];
      for (const h of hints) {
        const folded = foldText(h.trim());
        if (folded && !known.includes(folded)) known.push(folded);
      }
      this.hintsByTrigger.set(key, known);
    }
    for (const group of groups) {
      const members = [...new Set(group.map((t) => foldText(t.trim())).filter((t) => t.length > 0))];
      if (members.length < 2) continue;
      for (const member of members) {
        const known = this.groupsOf.get(member) ?? [];
        for (const other of members) if (other !== member && !known.includes(other)) known.push(other);
        this.groupsOf.set(member, known);
      }
    }
  }

  /** The other members of every group the term belongs to. */
  equivalentsOf(term: string): readonly string[] {
    return this.groupsOf.get(term) ?? [];
  }

  /** The answer words a question word hints at (多久 → 按月, 按季 …). */
  hintsOf(token: string): readonly string[] {
    return this.hintsByTrigger.get(token) ?? [];
  }

  /** Every term of every group, every trigger and hint: they all go into the segmenter's user dictionary. */
  terms(): string[] {
    const all = new Set(this.groupsOf.keys());
    for (const [trigger, hints] of this.hintsByTrigger) {
      all.add(trigger);
      for (const h of hints) all.add(h);
    }
    return [...all];
  }
}

import type { Db } from '../../db/connection';
import { ColloquialLexicon } from './analysis/colloquial-lexicon';
import { parseRankingModel, type RankingModel, readShippedModel } from './analysis/ranking-model';
import { Segmenter } from './analysis/segmenter';
import { type QuestionHint, SynonymTable } from './analysis/synonyms';
import * as settingsRepo from './kb-analysis-settings.repository';
import * as catalogueRepo from './kb-catalogue.repository';

/** The analysis settings kept as data: dictionary words, synonyms, question hints, library weights. */
export interface AnalysisConfig {
  version: number;
  /** The words of the user dictionary (the segmenter's, for analysis workers). */
  userWords: string[];
  segmenter: Segmenter;
  synonyms: SynonymTable;
  libraryWeights: Map<string, number>;
  /** The 口语词表 (colloquialLexicon), applied to questions. */
  lexicon: ColloquialLexicon;
  ranking: RankingModel;
}

/** Reads the analysis settings from the database and builds the segmenter over them. */
export async function loadAnalysisConfig(db: Db): Promise<AnalysisConfig> {
  const [version, words, synonymRows, libraries, colloquialTerms, storedModel] = await Promise.all([
    settingsRepo.findAnalysisVersion(db),
    settingsRepo.findDictionaryWords(db),
    settingsRepo.findSynonyms(db),
    catalogueRepo.findLibraries(db),
    settingsRepo.findColloquialTerms(db),
    settingsRepo.findRankingModel(db),
  ]);
  const groups = synonymRows.filter((s) => s.kind !== 'question').map((s) => s.terms);
  const hints: QuestionHint[] = synonymRows
    .filter((s) => s.kind === 'question' && s.terms.length >= 2)
    .map((s) => ({ trigger: s.terms[0]!, hints: s.terms.slice(1) }));
  const synonyms = new SynonymTable(groups, hints);
  // Every synonym goes into the user dictionary too, or 个税 would be cut into 个/税.
  const userWords = [...words.map((w) => w.word), ...synonyms.terms()];
  const segmenter = new Segmenter(userWords);
  return {
    version,
    userWords,
    segmenter,
    synonyms,
    libraryWeights: new Map(libraries.map((l) => [l.code, l.rankWeight / 100])),
    lexicon: new ColloquialLexicon(colloquialTerms, segmenter),
    ranking: storedModel ? parseRankingModel(storedModel) : readShippedModel(),
  };
}

/**
 * Question intent (问题意图): what kind of answer a caller asks for, and which articles state that
 * kind of answer. Kept as data an administrator can read: each intent lists the ways callers ask
 * for it (`asks`, matched on the folded question) and the way an answering text states it
 * (`states`, matched on the article's text when it is analysed). An article that states a kind of
 * answer carries the intent's marker term in its postings (`§period` …), so a question of that kind
 * weighs it in through the index like any other word — no second index, no text read at search time.
 *
 * The case intent has no marker: it decides whether the case bulletins (公告通知库) are wanted.
 */

export const intentKinds = ['period', 'amount', 'rate', 'penalty', 'permission', 'procedure', 'case'] as const;
export type IntentKind = (typeof intentKinds)[number];

export interface IntentRule {
  kind: IntentKind;
  /** 中文 name, for the administrators' page. */
  label: string;
  /** How callers ask for it (regular expression over the folded question). */
  asks: RegExp;
  /** How an answering text states it (regular expression over the article's text); null: no marker. */
  states: RegExp | null;
}

const number = '(?:[0-9]{1,3}|[一二三四五六七八九十两百]+)';

export const intentRules: readonly IntentRule[] = [
  {
    kind: 'period',
    label: '期限',
    asks: /多久|多长时间|多少天|多少个?月|多少年|几天|几个?月|几年|什么时候|啥时候|何时|哪天|几号|期限|时限|截止|最晚|最迟|到期|之前|以内|内要|时间内/,
    states: new RegExp(
      `${number}\\s*(?:个工作日|个月|日|天|年)(?:内|以内|之内|以后|后|前|以前|之前)|${number}\\s*个月|之日起|期限|期满|届满|终了之日|次月|次年`,
    ),
  },
  {
    kind: 'amount',
    label: '金额',
    asks: /多少钱|多少元|多少万|金额|交多少|缴多少|扣多少|补多少|退多少|标准是|什么标准|限额|上限|封顶|最多|最高|起征点|免征额|门槛|怎么算|如何计算|怎么计算/,
    states: /[0-9][0-9,.]*\s*(?:万元|元|亿元)|[一二三四五六七八九十百千万两]+元|限额|起征点|免征额|计算公式|乘以/,
  },
  {
    kind: 'rate',
    label: '税率',
    asks: /税率|征收率|扣除率|退税率|几个点|多少个点|点数|税点|百分之几|百分比|比例|费率|几个税点/,
    states: /[0-9][0-9.]*\s*[%％]|百分之|万分之|千分之|税率|征收率|扣除率|比例/,
  },
  {
    kind: 'penalty',
    label: '处罚',
    asks: /罚|处罚|后果|责任|坐牢|判刑|滞纳金|违法|犯法|会怎样|会怎么样|被查|查处|追究|惩罚|逾期|不交|没交|没报|不报|少交|漏交|偷税|逃税|虚开/,
    states: /罚款|罚金|滞纳金|处罚|有期徒刑|拘役|法律责任|追究刑事|吊销|没收/,
  },
  {
    kind: 'permission',
    label: '能否',
    asks: /能不能|可不可以|能否|可否|是否|可以吗|能吗|行不行|允许|要不要|需不需要|用不用|必须|是不是|算不算|属不属于|要交吗|要缴吗|要交税吗|免税吗|吗[？?]?$/,
    states: /不得|准予|可以|禁止|免征|免税|不征收|不予|允许|应当/,
  },
  {
    kind: 'procedure',
    label: '办理',
    asks: /怎么办|如何办|怎么申请|如何申请|怎么操作|流程|手续|材料|资料|程序|怎么弄|去哪|在哪|哪里办|步骤|怎么办理|如何办理|办理|怎么开|怎么交|怎么报|怎么领|怎么退/,
    states: /申请|办理|提交|报送|提供|程序|手续|备案|审批|核准|登记/,
  },
  {
    kind: 'case',
    label: '案例',
    asks: /案例|案件|案子|曝光|查处|典型|例子|判例|通报|被查的|被查过|查过|处理过|先例|哪些企业|哪家公司|有没有人|有人因为|被抓过|判过/,
    states: null,
  },
];

/** The libraries of case bulletins: wanted when the question asks for cases, less so otherwise. */
export const caseLibraryCodes: readonly string[] = ['notice'];

/** The marker term an article stating an intent's kind of answer carries (never produced by a query). */
export function intentMarker(kind: IntentKind): string {
  return `§${kind}`;
}

/** What a question asks for, in the order of `intentRules`. */
export function intentsOf(foldedQuestion: string): IntentKind[] {
  return intentRules.filter((r) => r.asks.test(foldedQuestion)).map((r) => r.kind);
}

/** The marker terms of every kind of answer a text states. */
export function answerMarkersOf(text: string): string[] {
  const out: string[] = [];
  for (const rule of intentRules) if (rule.states?.test(text)) out.push(intentMarker(rule.kind));
  return out;
}

/** True when the sentence states the kind of answer the intent asks for. */
export function statesIntent(sentence: string, kind: IntentKind): boolean {
  return intentRules.find((r) => r.kind === kind)?.states?.test(sentence) ?? false;
}

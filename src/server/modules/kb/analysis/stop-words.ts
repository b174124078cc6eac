/**
 * Function words and the words callers wrap questions in ("请问…怎么…吗"). They carry no meaning
 * for finding an answer, so they are neither indexed nor searched.
 */
const stopWordsText = `
的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 么 哦 哈 啦 哪 呗 之 其 而 且 及 与 和 或 跟 同 并 但 即 则 乃
是 在 为 于 以 由 从 向 对 把 被 给 让 将 就 都 也 还 又 再 才 很 更 最 太 这 那 哪 此 该 各 每 某 本
我 我们 你 你们 您 他 她 它 他们 她们 它们 自己 咱们 大家 人家
这个 那个 哪个 这些 那些 哪些 这样 那样 这里 那里 哪里 这种 那种 哪种 这么 那么 怎么 怎样 怎么样 如何
什么 啥 咋 为什么 为何 何时 何处 多少 多久 几 几个 多长 多长时间 时候 什么时候 时间 多大 多高 哪天 是否 能否 可否 是不是 能不能 可不可以
有没有 要不要 需不需要 会不会 可以 能 能够 要 需要 应该 应当 会 得到 请问 请 问 问一下 咨询 一下 一些
有 没有 没 不 吧 呢 嗯 就是 还是 或者 以及 如果 那么 所以 因为 虽然 但是 然后 关于 有关 相关 等 等等 不了 按规定 按照规定 依照规定
`;

export const stopWords: ReadonlySet<string> = new Set(stopWordsText.split(/\s+/).filter(Boolean));

/** True when the token is a stop word. */
export function isStopWord(token: string): boolean {
  return stopWords.has(token);
}

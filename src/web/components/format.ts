/** Amounts and rates as the calculators show them. */
export const yuan = (n: number) =>
  `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
export const percent = (rate: number) => `${Number((rate * 100).toFixed(4))}%`;
/** Integer fen as yuan. */
export const fenToYuan = (fen: number) => yuan(fen / 100);

import { Tag } from 'antd';
import { articleStatusNames, validityNames } from '../../../shared/kb';
import type { ArticleStatus, Validity } from './kb.api';

export { validityNames };

const validityColors: Record<Validity, string> = { in_force: 'green', partly_void: 'orange', void: 'red' };

/** The validity of an article; an expired one says so, since it is void only by its date. */
export function ValidityTag({ validity, isExpired }: { validity: Validity; isExpired?: boolean }) {
  return <Tag color={validityColors[validity]}>{isExpired ? '已过期失效' : validityNames[validity]}</Tag>;
}

export const libraryNames: Record<string, string> = {
  policy: '政策法规库',
  faq: '问题解答库',
  guide: '办税指南库',
  notice: '公告通知库',
};

export function LibraryTag({ code, name }: { code: string; name?: string }) {
  return <Tag color="blue">{name ?? libraryNames[code] ?? code}</Tag>;
}

export const statusNames = articleStatusNames;
const statusColors: Record<ArticleStatus, string> = {
  draft: 'default',
  review: 'processing',
  published: 'success',
  archived: 'warning',
};

export function StatusTag({ status }: { status: ArticleStatus }) {
  return <Tag color={statusColors[status]}>{statusNames[status]}</Tag>;
}

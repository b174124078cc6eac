/**
 * Reporter confidentiality (举报人信息保密): how a reporter's identity is shown to everyone who may
 * not see it — the case pages of other roles, lists, exports, history and the audit log. Pure.
 */

/** 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string | null): string | null {
  if (name === null) return null;
  const chars = [...name.trim()];
  if (chars.length === 0) return null;
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

/** 13812345678 → 138****5678; anything short is hidden whole. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.trim();
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/**
 * Input rules for accounts and the org tree, shared by the server (the judge) and the web forms
 * (which show a problem beside the field before submitting).
 */
export const usernameRule = {
  pattern: /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/,
  message: '用户名须以字母开头，3–32 位字母、数字、下划线、点或连字符',
};
export const codeRule = { pattern: /^[A-Za-z0-9_-]{2,32}$/, message: '须为 2–32 位字母、数字、下划线或连字符' };
export const phoneRule = { pattern: /^[0-9+\-() ]{3,20}$/, message: '电话号码格式不正确' };
export const extensionRule = { pattern: /^\d{2,8}$/, message: '分机号须为 2–8 位数字' };

/** What is wrong with a new password (8–128 characters with letters and digits), or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return '密码至少 8 位';
  if (password.length > 128) return '密码不能超过 128 位';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字';
  return null;
}

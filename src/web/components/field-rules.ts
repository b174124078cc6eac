import type { FormRule } from 'antd';

/*
 * The server's input rules (src/server/modules/accounts/accounts.routes.ts), checked in the form too
 * so that people see a problem beside the field before submitting. The server stays the judge.
 */

export const usernameRules: FormRule[] = [
  { required: true, whitespace: true, message: '请输入用户名' },
  {
    pattern: /^\s*[A-Za-z][A-Za-z0-9_.-]{2,31}\s*$/,
    message: '用户名须以字母开头，3–32 位字母、数字、下划线、点或连字符',
  },
];

export function nameRules(what: string): FormRule[] {
  return [
    { required: true, whitespace: true, message: `请输入${what}` },
    { max: 60, message: `${what}不能超过 60 个字` },
  ];
}

export const codeRules: FormRule[] = [
  { required: true, whitespace: true, message: '请输入代码' },
  { pattern: /^\s*[A-Za-z0-9_-]{2,32}\s*$/, message: '代码须为 2–32 位字母、数字、下划线或连字符' },
];

export const phoneRules: FormRule[] = [{ pattern: /^\s*[0-9+\-() ]{3,20}\s*$/, message: '电话号码格式不正确' }];

export const extensionRules: FormRule[] = [{ pattern: /^\s*\d{2,8}\s*$/, message: '分机号须为 2–8 位数字' }];

export function maxLengthRules(max: number): FormRule[] {
  return [{ max, message: `不能超过 ${max} 个字` }];
}

import type { FormRule } from 'antd';
import { codeRule, extensionRule, phoneRule, usernameRule } from '../../shared/account-rules';

/*
 * The server's input rules (src/shared/account-rules.ts), checked in the form too so that people see a
 * problem beside the field before submitting. The server stays the judge; it trims what it receives.
 */

function patternRule(rule: { pattern: RegExp; message: string }): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      if (!rule.pattern.test(value.trim())) throw new Error(rule.message);
    },
  };
}

export const usernameRules: FormRule[] = [
  { required: true, whitespace: true, message: '请输入用户名' },
  patternRule(usernameRule),
];

export function nameRules(what: string): FormRule[] {
  return [
    { required: true, whitespace: true, message: `请输入${what}` },
    { max: 60, message: `${what}不能超过 60 个字` },
  ];
}

export const codeRules: FormRule[] = [
  { required: true, whitespace: true, message: '请输入代码' },
  patternRule({ pattern: codeRule.pattern, message: `代码${codeRule.message}` }),
];

export const phoneRules: FormRule[] = [patternRule(phoneRule)];

export const extensionRules: FormRule[] = [patternRule(extensionRule)];

export function maxLengthRules(max: number): FormRule[] {
  return [{ max, message: `不能超过 ${max} 个字` }];
}

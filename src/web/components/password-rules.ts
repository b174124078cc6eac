import type { FormRule } from 'antd';

/** What is wrong with a new password under the server's rule (8–128 characters, letters and digits), or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return '密码至少 8 位';
  if (password.length > 128) return '密码不能超过 128 位';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字';
  return null;
}

/** Form rules for a new password, checked before submitting so people learn the rule early. */
export const newPasswordRules: FormRule[] = [
  { required: true, message: '请输入密码' },
  {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value === '') return;
      const problem = passwordProblem(value);
      if (problem) throw new Error(problem);
    },
  },
];

/** Form rules for a field that must repeat the field `otherField`. */
export function confirmPasswordRules(otherField: string): FormRule[] {
  return [
    { required: true, message: '请再次输入密码' },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: unknown) => {
        if (!value || value === getFieldValue(otherField)) return;
        throw new Error('两次输入的密码不一致');
      },
    }),
  ];
}

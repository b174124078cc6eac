import type { FormRule } from 'antd';
import { passwordProblem } from '../../shared/account-rules';

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

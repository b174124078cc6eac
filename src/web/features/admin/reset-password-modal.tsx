import { Form, Input, Modal, Typography } from 'antd';
import { confirmPasswordRules, newPasswordRules } from '../../components/password-rules';
import { useSubmit } from '../../components/use-submit';
import { type AdminUser, resetUserPassword } from './admin.api';

interface ResetPasswordValues {
  newPassword: string;
  confirmPassword: string;
}

/** 重置密码: an administrator sets a new password for a user. Mounted only while open. */
export function ResetPasswordModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const [form] = Form.useForm<ResetPasswordValues>();
  const { submit: save, isSubmitting: isSaving } = useSubmit(
    (values: ResetPasswordValues) => resetUserPassword(user.id, values.newPassword),
    { form, success: '密码已重置', onSuccess: () => onClose() },
  );

  return (
    <Modal
      open
      title="重置密码"
      okText="保存"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        为用户 {user.name}（{user.username}）设置新密码。
      </Typography.Paragraph>
      <Form<ResetPasswordValues>
        form={form}
        name="resetPassword"
        layout="vertical"
        onFinish={(values) => void save(values)}
      >
        <Form.Item label="新密码" name="newPassword" rules={newPasswordRules} extra="至少 8 位，须同时包含字母和数字">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认密码"
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={confirmPasswordRules('newPassword')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

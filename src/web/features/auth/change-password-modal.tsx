import { Form, Input, Modal } from 'antd';
import { confirmPasswordRules, newPasswordRules } from '../../components/password-rules';
import { useSubmit } from '../../components/use-submit';
import { changeOwnPassword } from './auth.api';

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** 修改密码: the signed-in user changes their own password. Mounted only while open. */
export function ChangePasswordModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<ChangePasswordValues>();

  const { submit: save, isSubmitting: isSaving } = useSubmit(
    (values: ChangePasswordValues) =>
      changeOwnPassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    { form, success: '密码已修改', onSuccess: () => onClose() },
  );

  return (
    <Modal
      open
      title="修改密码"
      okText="保存"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ChangePasswordValues>
        form={form}
        name="changePassword"
        layout="vertical"
        onFinish={(values) => void save(values)}
      >
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
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

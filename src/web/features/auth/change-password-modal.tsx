import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { confirmPasswordRules, newPasswordRules } from '../../components/password-rules';
import { useApiFeedback } from '../../components/use-api-feedback';
import { changeOwnPassword } from './auth.api';

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** 修改密码: the signed-in user changes their own password. Mounted only while open. */
export function ChangePasswordModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<ChangePasswordValues>();
  const { message } = App.useApp();
  const { showError } = useApiFeedback();
  const [isSaving, setIsSaving] = useState(false);

  const save = async (values: ChangePasswordValues) => {
    setIsSaving(true);
    try {
      await changeOwnPassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      void message.success('密码已修改');
      onClose();
    } catch (error) {
      showError(error, form);
    } finally {
      setIsSaving(false);
    }
  };

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

import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, type MenuProps, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { roleNames } from '../../../shared/permissions';
import { useSubmit } from '../../components/use-submit';
import { useAuth, useCurrentUser } from '../auth/auth-context';
import { ChangePasswordModal } from '../auth/change-password-modal';

/** The header's right side: who is signed in (name, org unit, roles) and the 修改密码 / 退出登录 menu. */
export function UserMenu() {
  const user = useCurrentUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [isChangingPassword, setIsChangingPassword] = useState(false);
  // The session ends here whatever the server answered: the login page follows either way.
  const leave = () => void navigate('/login', { replace: true });
  const { submit: signOutAndLeave } = useSubmit(signOut, { onSuccess: leave, onError: leave });

  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setIsChangingPassword(true);
    if (key === 'logout') void signOutAndLeave();
  };

  return (
    <Space size="middle">
      <Typography.Text type="secondary">
        {user.orgUnitName}
        {user.departmentName ? ` · ${user.departmentName}` : ''} · {user.roles.map((r) => roleNames[r]).join('、')}
      </Typography.Text>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button type="text" icon={<UserOutlined aria-hidden />}>
          {user.name}
          <DownOutlined aria-hidden />
        </Button>
      </Dropdown>
      {isChangingPassword && <ChangePasswordModal onClose={() => setIsChangingPassword(false)} />}
    </Space>
  );
}

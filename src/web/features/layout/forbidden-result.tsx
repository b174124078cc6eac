import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

/** 403: the user is signed in but lacks the permission this page needs. */
export function ForbiddenResult() {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="403"
      subTitle="无权访问此页面"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}

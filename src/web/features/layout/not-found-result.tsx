import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

/** 404: no page at this address. */
export function NotFoundResult() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle="页面不存在"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}

import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { MarkRead, Notification, NotificationPage } from '../../../shared/notifications';
import { api } from '../../api';

const POLL_MS = 30_000;

/** The header's bell: the unread count, refreshed every 30 s, and the latest messages in a popover. */
export function NotificationBell() {
  const navigate = useNavigate();
  const [page, setPage] = useState<NotificationPage>({ unread: 0, items: [] });
  const [isOpen, setIsOpen] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setPage(await api.get<NotificationPage>('/api/notifications', { limit: 10 }));
    } catch {
      // A failed poll keeps the last count; the next poll tries again.
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const markRead = async (body: MarkRead) => {
    await api.post('/api/notifications/read', body);
    await refresh();
  };

  const open = async (n: Notification) => {
    if (!n.readAt) await markRead({ ids: [n.id] });
    setIsOpen(false);
    if (n.link) await navigate(n.link);
  };

  const content = (
    <div style={{ width: 360 }}>
      {page.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
      ) : (
        <List
          size="small"
          dataSource={page.items}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer' }} onClick={() => void open(n)}>
              <List.Item.Meta
                title={
                  <Typography.Text strong={!n.readAt} type={n.readAt ? 'secondary' : undefined}>
                    {n.title}
                  </Typography.Text>
                }
                description={
                  <>
                    {n.body && <div>{n.body}</div>}
                    <Typography.Text type="secondary">{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {page.unread > 0 && (
        <Button type="link" block onClick={() => void markRead({ all: true })}>
          全部标为已读
        </Button>
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title="消息提醒"
      content={content}
      open={isOpen}
      onOpenChange={(next) => {
        setIsOpen(next);
        if (next) void refresh();
      }}
    >
      <Badge count={page.unread} size="small" offset={[-2, 2]}>
        <Button type="text" icon={<BellOutlined />} aria-label="消息提醒" />
      </Badge>
    </Popover>
  );
}

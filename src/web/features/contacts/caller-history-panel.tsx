import { Alert, Empty, List, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { CallerHistory } from '../../../shared/contacts';
import { useLoaded } from '../../components/use-loaded';
import { formatDateTime } from '../../dates';
import { StatusTag, TypeTag } from './contact-tags';
import { callerHistory } from './contacts.api';

/**
 * 首问责任制: the caller's contacts still under way and their latest contacts, found by phone or
 * taxpayer id as the agent types or as the call pops.
 */
export function CallerHistoryPanel({
  phone,
  taxpayerId,
  onOpen,
}: {
  phone: string | undefined;
  taxpayerId: string | undefined;
  onOpen: (contactId: number) => void;
}) {
  // The caller is looked up once the typing settles for a moment.
  const [caller, setCaller] = useState<{ phone?: string; taxpayerId?: string } | null>(null);
  useEffect(() => {
    const timer = setTimeout(
      () =>
        setCaller(phone || taxpayerId ? { ...(phone ? { phone } : {}), ...(taxpayerId ? { taxpayerId } : {}) } : null),
      300,
    );
    return () => clearTimeout(timer);
  }, [phone, taxpayerId]);
  const loadHistory = useCallback(async () => (caller ? callerHistory(caller) : null), [caller]);
  const { data: history, isLoading } = useLoaded(loadHistory, null as CallerHistory | null);

  if (!phone && !taxpayerId) {
    return <Typography.Text type="secondary">输入来电号码或纳税人识别号后显示来电人历史</Typography.Text>;
  }
  if (isLoading && !history) return <Spin />;
  if (!history) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="caller-history">
      {history.open.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`该来电人有 ${history.open.length} 件正在办理的事项`}
          description={
            <List
              size="small"
              dataSource={history.open}
              renderItem={(c) => (
                <List.Item onClick={() => onOpen(c.id)} style={{ cursor: 'pointer' }}>
                  <Space wrap>
                    <StatusTag status={c.status} />
                    <span>{c.ticketNo ?? c.contactNo}</span>
                    <span>{c.subject}</span>
                  </Space>
                </List.Item>
              )}
            />
          }
        />
      )}
      {history.recent.length === 0 ? (
        <Empty description="没有以往来电" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          size="small"
          header={`以往来电（${history.recent.length}）`}
          dataSource={history.recent}
          renderItem={(c) => (
            <List.Item onClick={() => onOpen(c.id)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <TypeTag type={c.type} />
                    <span>{c.subject}</span>
                    <StatusTag status={c.status} />
                  </Space>
                }
                description={`${formatDateTime(c.startedAt).slice(0, 16)} · ${c.agentName ?? ''}${c.answer ? ` · 答复：${c.answer.slice(0, 60)}` : ''}`}
              />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

import { App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Inbox, InboxTransfer } from '../../../shared/contacts';
import { useLoaded } from '../../components/use-loaded';
import { formatDateTime } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { AnswerModal, CallbackModal, DepartmentModal, TextPromptModal } from './contact-actions';
import { ContactDetailDrawer } from './contact-detail-drawer';
import { DueTag, LinkButton, StatusTag, TypeTag } from './contact-tags';
import { answerTransfer, fetchInbox, forwardTransfer, returnTransfer } from './contacts.api';

type Dialog =
  | { kind: 'answer'; transfer: InboxTransfer }
  | { kind: 'return'; transfer: InboxTransfer }
  | { kind: 'forward'; transfer: InboxTransfer }
  | { kind: 'callback'; contactId: number }
  | null;

const emptyInbox: Inbox = { transfers: [], callbacks: [], returned: [], openFollowUps: 0 };

/**
 * 待办事项: a department's open transfers (earliest due first, coloured by due time), an agent's
 * callbacks and transfers sent back, and a team lead's open follow-ups.
 */
export function InboxPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { data: inbox, isLoading, reload } = useLoaded(fetchInbox, emptyInbox);
  const [dialog, setDialog] = useState<Dialog>(null);

  const openContactId = Number(params.get('contact')) || null;
  const openContact = (id: number | null) => setParams(id ? { contact: String(id) } : {});

  // A bell link to /inbox?transfer=ID opens the contact of that transfer once the inbox is loaded.
  const transferParam = Number(params.get('transfer')) || null;
  useEffect(() => {
    if (!transferParam) return;
    const transfer = inbox.transfers.find((t) => t.id === transferParam);
    if (transfer) setParams({ contact: String(transfer.contactId) });
  }, [transferParam, inbox, setParams]);

  const isDepartment = hasPermission(user, 'transfers.answer') && user.departmentId !== null;
  const isAgent = hasPermission(user, 'contacts.register');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {isDepartment && (
        <Card title={`${user.departmentName ?? '本处室'}待答复的转办单`} extra={<Button onClick={reload}>刷新</Button>}>
          <Table<InboxTransfer>
            rowKey="id"
            loading={isLoading}
            dataSource={inbox.transfers}
            pagination={false}
            locale={{ emptyText: '没有待答复的转办单' }}
            columns={[
              {
                title: '工单编号',
                dataIndex: 'ticketNo',
                render: (v: string, t) => <LinkButton onClick={() => openContact(t.contactId)}>{v}</LinkButton>,
              },
              { title: '类型', dataIndex: 'type', render: (v: InboxTransfer['type']) => <TypeTag type={v} /> },
              { title: '主题', dataIndex: 'subject', ellipsis: true },
              { title: '转办说明', dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
              { title: '坐席', dataIndex: 'agentName' },
              {
                title: '答复时限',
                dataIndex: 'dueAt',
                render: (v: string, t) => <DueTag state={t.dueState} dueAt={v} />,
              },
              {
                title: '催办',
                dataIndex: 'urgeCount',
                render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
              },
              {
                title: '操作',
                render: (_, t) => (
                  <Space>
                    <Button type="link" onClick={() => setDialog({ kind: 'answer', transfer: t })}>
                      答复
                    </Button>
                    <Button type="link" onClick={() => setDialog({ kind: 'return', transfer: t })}>
                      退回
                    </Button>
                    <Button type="link" onClick={() => setDialog({ kind: 'forward', transfer: t })}>
                      转其他处室
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}

      {isAgent && (
        <Card title="待回访" extra={<Button onClick={reload}>刷新</Button>}>
          <Table
            rowKey="id"
            loading={isLoading}
            dataSource={inbox.callbacks}
            pagination={false}
            locale={{ emptyText: '没有待回访的来电' }}
            columns={[
              {
                title: '工单编号',
                dataIndex: 'ticketNo',
                render: (v: string, c) => <LinkButton onClick={() => openContact(c.id)}>{v}</LinkButton>,
              },
              { title: '主题', dataIndex: 'subject', ellipsis: true },
              { title: '来电号码', dataIndex: 'callerPhone' },
              { title: '已回访', dataIndex: 'callbackAttempts', render: (n: number) => `${n} 次` },
              { title: '答复时间', dataIndex: 'since', render: (v: string) => formatDateTime(v).slice(0, 16) },
              {
                title: '操作',
                render: (_, c) => (
                  <Button type="link" onClick={() => setDialog({ kind: 'callback', contactId: c.id })}>
                    回访
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}

      {isAgent && (
        <Card title="被退回">
          <Table
            rowKey="id"
            loading={isLoading}
            dataSource={inbox.returned}
            pagination={false}
            locale={{ emptyText: '没有被退回的转办单' }}
            columns={[
              {
                title: '工单编号',
                dataIndex: 'ticketNo',
                render: (v: string, c) => <LinkButton onClick={() => openContact(c.id)}>{v}</LinkButton>,
              },
              { title: '主题', dataIndex: 'subject', ellipsis: true },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: Inbox['returned'][number]['status']) => <StatusTag status={s} />,
              },
              { title: '退回时间', dataIndex: 'since', render: (v: string) => formatDateTime(v).slice(0, 16) },
              { title: '操作', render: (_, c) => <LinkButton onClick={() => openContact(c.id)}>处理</LinkButton> },
            ]}
          />
        </Card>
      )}

      {hasPermission(user, 'surveys.follow_up') && (
        <Card title="不满意评价跟进">
          {inbox.openFollowUps > 0 ? (
            <Typography.Text>
              有 <Typography.Text strong>{inbox.openFollowUps}</Typography.Text> 件不满意评价待跟进，
              <Link to="/surveys">前往处理</Link>
            </Typography.Text>
          ) : (
            <Empty description="没有待跟进的不满意评价" image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      )}

      {dialog?.kind === 'answer' && (
        <AnswerModal
          contactId={dialog.transfer.contactId}
          isSuggestion={dialog.transfer.type === 'suggestion'}
          onSubmit={async (input) => {
            await answerTransfer(dialog.transfer.id, input);
            void message.success('已答复，坐席将回访来电人');
            reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'return' && (
        <TextPromptModal
          title="退回转办单"
          label="退回原因"
          onSubmit={async (reason) => {
            await returnTransfer(dialog.transfer.id, reason);
            void message.success('已退回');
            reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'forward' && (
        <DepartmentModal
          title="转其他处室"
          excludeId={dialog.transfer.departmentId}
          onSubmit={async (input) => {
            await forwardTransfer(dialog.transfer.id, input);
            void message.success('已转其他处室');
            reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'callback' && (
        <CallbackModal contactId={dialog.contactId} onDone={reload} onClose={() => setDialog(null)} />
      )}
      {openContactId !== null && (
        <ContactDetailDrawer contactId={openContactId} onClose={() => openContact(null)} onChanged={reload} />
      )}
    </Space>
  );
}

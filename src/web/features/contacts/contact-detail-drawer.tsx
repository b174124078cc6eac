import { App, Button, Descriptions, Drawer, Empty, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  type ContactDetail,
  callbackResultNames,
  channelNames,
  handlingNameOf,
  surveyMethodNames,
  transferStatusNames,
  type UrgeKind,
  urgeKindNames,
} from '../../../shared/contacts';
import { formatDeadline } from '../../../shared/deadlines';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { CallbackModal, DepartmentModal, SurveyModal, TextPromptModal } from './contact-actions';
import { answerOf } from './contact-context';
import { AdoptionTag, formatDuration, historyActionNames, SatisfactionTag, StatusTag, TypeTag } from './contact-tags';
import {
  closeContact,
  createSurveyLink,
  getContact,
  revealContact,
  sendSurveySms,
  transferContact,
  urgeTransfer,
} from './contacts.api';

const callEventNames: Record<string, string> = { newCall: '来电', answer: '接听', hangup: '挂机' };

type Dialog = 'callback' | 'survey' | 'transfer' | 'close' | { urge: number } | null;

/** The detail of one contact with every event and audit row; its handler's actions sit at the top. */
export function ContactDetailDrawer({
  contactId,
  onClose,
  onChanged,
}: {
  contactId: number;
  onClose: () => void;
  onChanged?: () => void;
}) {
  const user = useCurrentUser();
  const { message, modal } = App.useApp();
  const loadContact = useCallback(() => getContact(contactId), [contactId]);
  const loaded = useLoaded(loadContact, null as ContactDetail | null);
  // Until the contact of a new id has come, the previous one is not shown.
  const contact = loaded.data?.id === contactId ? loaded.data : null;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [revealed, setRevealed] = useState<{ callerPhone: string; taxpayerId: string | null } | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the revealed numbers belong to one contact.
  useEffect(() => setRevealed(null), [contactId]);

  const changed = () => {
    loaded.reload();
    onChanged?.();
  };

  const isHandler = contact !== null && (contact.agentId === user.id || user.roles.includes('team_lead'));
  const canRegister = hasPermission(user, 'contacts.register');
  const openTransfer = contact?.transfers.find((t) => t.status === 'open');

  const { submit: showLink } = useSubmit(() => createSurveyLink(contactId), {
    onSuccess: (link) => {
      const url = `${window.location.origin}${link.path}`;
      modal.info({
        title: '网页评价链接（仅可使用一次）',
        content: (
          <Space orientation="vertical">
            <Typography.Text copyable>{url}</Typography.Text>
            <Typography.Text type="secondary">有效期至 {formatDateTime(link.expiresAt)}</Typography.Text>
          </Space>
        ),
      });
      changed();
    },
  });
  const { submit: sendSms } = useSubmit(() => sendSurveySms(contactId), {
    success: '评价短信已排队发送',
    onSuccess: changed,
  });
  const { submit: reveal } = useSubmit(() => revealContact(contactId), { onSuccess: setRevealed });

  return (
    <Drawer open size={760} title={contact ? `来电详情 ${contact.contactNo}` : '来电详情'} onClose={onClose}>
      {!contact ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            {isHandler && canRegister && contact.status === 'awaiting_callback' && (
              <Button type="primary" onClick={() => setDialog('callback')}>
                回访
              </Button>
            )}
            {isHandler && canRegister && (contact.status === 'returned' || contact.status === 'awaiting_callback') && (
              <Button onClick={() => setDialog('transfer')}>
                {contact.status === 'returned' ? '重新转办' : '再次转办'}
              </Button>
            )}
            {isHandler && canRegister && contact.status === 'returned' && (
              <Button onClick={() => setDialog('close')}>自行答复并办结</Button>
            )}
            {isHandler && canRegister && !contact.survey && (
              <>
                <Button onClick={() => setDialog('survey')}>录入评价</Button>
                <Button onClick={() => void showLink()}>网页评价链接</Button>
                <Button onClick={() => void sendSms()}>短信评价</Button>
              </>
            )}
            {openTransfer && hasPermission(user, 'transfers.urge') && (
              <Button danger onClick={() => setDialog({ urge: openTransfer.id })}>
                催办
              </Button>
            )}
            {contact.isMasked &&
              hasPermission(user, 'contacts.reveal') &&
              // A reporter's contact (handed over as a report or complaint) follows its case: cases.reveal_reporter too.
              (contact.caseNo === null || hasPermission(user, 'cases.reveal_reporter')) &&
              !revealed && <Button onClick={() => void reveal()}>查看完整号码（留痕）</Button>}
          </Space>

          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              { key: 'status', label: '状态', children: <StatusTag status={contact.status} /> },
              { key: 'type', label: '诉求类型', children: <TypeTag type={contact.type} /> },
              { key: 'channel', label: '渠道', children: channelNames[contact.channel] },
              { key: 'outcome', label: '处理方式', children: handlingNameOf(contact) },
              { key: 'phone', label: '来电号码', children: revealed?.callerPhone ?? contact.callerPhone },
              {
                key: 'taxpayerId',
                label: '纳税人识别号',
                children: (revealed ? revealed.taxpayerId : contact.taxpayerId) ?? '—',
              },
              { key: 'taxpayerName', label: '纳税人名称', children: contact.taxpayerName ?? '—' },
              { key: 'taxKind', label: '税种', children: contact.taxKind ?? '—' },
              { key: 'agent', label: '坐席', children: `${contact.agentName ?? ''}（${contact.orgUnitName}）` },
              {
                key: 'time',
                label: '时间',
                children: `${formatDateTime(contact.startedAt)}，${formatDuration(contact.durationSeconds)}`,
              },
              { key: 'ticket', label: '工单编号', children: contact.ticketNo ?? '—' },
              {
                key: 'due',
                label: '答复时限',
                children: formatDeadline(contact.dueAt),
              },
              ...(contact.caseNo ? [{ key: 'case', label: '投诉举报编号', children: contact.caseNo }] : []),
              ...(contact.adoption
                ? [{ key: 'adoption', label: '采纳情况', children: <AdoptionTag value={contact.adoption} /> }]
                : []),
              { key: 'subject', label: '主题', span: 2, children: contact.subject },
              {
                key: 'content',
                label: '来电内容',
                span: 2,
                children: (
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                    {contact.content}
                  </Typography.Paragraph>
                ),
              },
              {
                key: 'answer',
                label: '答复',
                span: 2,
                children: (
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                    {answerOf(contact)}
                  </Typography.Paragraph>
                ),
              },
              ...(contact.kbArticles.length > 0
                ? [
                    {
                      key: 'kb',
                      label: '引用知识',
                      span: 2,
                      children: contact.kbArticles.map((a) => <Tag key={a.id}>{a.title}</Tag>),
                    },
                  ]
                : []),
            ]}
          />

          {contact.transfers.length > 0 && (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              title={() => '转办单'}
              dataSource={contact.transfers}
              columns={[
                { title: '处室', dataIndex: 'departmentName' },
                {
                  title: '状态',
                  dataIndex: 'status',
                  render: (s: keyof typeof transferStatusNames) => transferStatusNames[s],
                },
                {
                  title: '时限',
                  dataIndex: 'dueAt',
                  render: (v: string, t) => (
                    <span style={{ color: t.isOverdue ? '#cf1322' : undefined }}>{formatDeadline(v)}</span>
                  ),
                },
                { title: '催办', dataIndex: 'urgeCount' },
                {
                  title: '答复 / 退回原因',
                  render: (_, t) => t.answer ?? (t.returnReason ? `退回：${t.returnReason}` : '—'),
                },
              ]}
            />
          )}

          {contact.callbacks.length > 0 && (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              title={() => '回访记录'}
              dataSource={contact.callbacks}
              columns={[
                { title: '时间', dataIndex: 'at', render: (v: string) => formatDateTime(v) },
                {
                  title: '结果',
                  dataIndex: 'result',
                  render: (r: keyof typeof callbackResultNames) => callbackResultNames[r],
                },
                { title: '说明', dataIndex: 'note' },
                { title: '坐席', dataIndex: 'agentName' },
              ]}
            />
          )}

          {contact.survey && (
            <Descriptions
              size="small"
              title="满意度评价"
              items={[
                { key: 's', label: '满意度', children: <SatisfactionTag value={contact.survey.satisfaction} /> },
                { key: 'm', label: '方式', children: surveyMethodNames[contact.survey.method] },
                { key: 'e', label: '效率', children: contact.survey.efficiency ?? '—' },
                { key: 'a', label: '准确性', children: contact.survey.accuracy ?? '—' },
                { key: 'c', label: '意见', children: contact.survey.comment ?? '—' },
              ]}
            />
          )}

          {contact.call && (
            <Descriptions
              size="small"
              title="通话"
              items={[
                { key: 'id', label: '呼叫编号', children: contact.call.callId },
                { key: 'q', label: '队列', children: contact.call.queue ?? '—' },
                { key: 'ivr', label: '按键路径', children: contact.call.ivrPath ?? '—' },
                { key: 'd', label: '通话时长', children: formatDuration(contact.call.durationSeconds) },
                {
                  key: 'events',
                  label: '通话事件',
                  children: contact.call.events
                    .map((e) => `${callEventNames[e.event] ?? e.event} ${formatDateTime(e.at).slice(11)}`)
                    .join('，'),
                },
                {
                  key: 'r',
                  label: '录音',
                  children: contact.call.recordingUrl ? (
                    <a href={contact.call.recordingUrl} target="_blank" rel="noreferrer">
                      收听
                    </a>
                  ) : (
                    '—'
                  ),
                },
              ]}
            />
          )}

          <div>
            <Typography.Title level={5}>完整经过</Typography.Title>
            {contact.history.length === 0 ? (
              <Empty />
            ) : (
              <Timeline
                items={contact.history.map((h, index) => ({
                  key: `${h.at}-${index}`,
                  content: (
                    <span>
                      {formatDateTime(h.at)} · {historyActionNames[h.action] ?? h.action} · {h.actor ?? '系统'}
                      {describe(h.details)}
                    </span>
                  ),
                }))}
              />
            )}
            {contact.urges.length > 0 && (
              <Typography.Paragraph type="secondary">
                催办记录：
                {contact.urges
                  .map(
                    (u) =>
                      `${formatDateTime(u.at).slice(0, 16)} ${urgeKindNames[u.kind as UrgeKind] ?? u.kind}（${u.by}${u.note ? `：${u.note}` : ''}）`,
                  )
                  .join('；')}
              </Typography.Paragraph>
            )}
          </div>
        </Space>
      )}

      {contact && dialog === 'callback' && (
        <CallbackModal contactId={contact.id} onDone={changed} onClose={() => setDialog(null)} />
      )}
      {contact && dialog === 'survey' && (
        <SurveyModal contactId={contact.id} onDone={changed} onClose={() => setDialog(null)} />
      )}
      {contact && dialog === 'transfer' && (
        <DepartmentModal
          title="转办"
          onSubmit={async (input) => {
            await transferContact(contact.id, input);
            void message.success('已转办');
            changed();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {contact && dialog === 'close' && (
        <TextPromptModal
          title="自行答复并办结"
          label="答复内容"
          maxLength={4000}
          onSubmit={async (answer) => {
            await closeContact(contact.id, answer);
            void message.success('已办结');
            changed();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {contact && typeof dialog === 'object' && dialog !== null && (
        <TextPromptModal
          title="催办"
          label="催办意见"
          maxLength={500}
          onSubmit={async (note) => {
            const result = await urgeTransfer(dialog.urge, note);
            void message.success(`已催办（第 ${result.urgeCount} 次）`);
            changed();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Drawer>
  );
}

/** A short Chinese gist of an audit row's details. */
function describe(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const d = details as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.departmentName === 'string') parts.push(d.departmentName);
  if (typeof d.to === 'string') parts.push(`转至${d.to}`);
  if (typeof d.reason === 'string') parts.push(`原因：${d.reason}`);
  if (typeof d.note === 'string') parts.push(d.note);
  if (typeof d.ticketNo === 'string') parts.push(d.ticketNo);
  if (typeof d.caseNo === 'string') parts.push(d.caseNo);
  if (typeof d.result === 'string' && d.result in callbackResultNames) {
    parts.push(callbackResultNames[d.result as keyof typeof callbackResultNames]);
  }
  return parts.length > 0 ? `（${parts.join('，')}）` : '';
}

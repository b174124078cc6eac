import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Row, Segmented, Select, Space, Statistic, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  type FollowUp,
  type Satisfaction,
  type SurveyFilters,
  type SurveyList,
  type SurveyMethod,
  satisfactionNames,
  satisfactions,
  surveyMethodNames,
  surveyMethods,
} from '../../../shared/contacts';
import { useApiFeedback } from '../../components/use-api-feedback';
import { formatDateTime, toDateString } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { TextPromptModal } from './contact-actions';
import { ContactDetailDrawer } from './contact-detail-drawer';
import { LinkButton, SatisfactionTag } from './contact-tags';
import { completeFollowUp, exportSurveysUrl, listFollowUps, listSurveys } from './contacts.api';

/** 满意度: the ratings of a period with the satisfaction rate, and the follow-ups of unsatisfied ones. */
export function SurveysPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const { showError } = useApiFeedback();
  const [params] = useSearchParams();
  const [query, setQuery] = useState<SurveyFilters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [result, setResult] = useState<SurveyList | null>(null);
  const [followStatus, setFollowStatus] = useState<'open' | 'done'>('open');
  const [followUps, setFollowUps] = useState<FollowUp[]>([]);
  const [completing, setCompleting] = useState<FollowUp | null>(null);
  const [openContactId, setOpenContactId] = useState<number | null>(null);
  const canFollowUp = hasPermission(user, 'surveys.follow_up');
  const highlighted = Number(params.get('followUp')) || null;

  const load = useCallback(async () => {
    try {
      setResult(await listSurveys({ ...query, limit: paging.pageSize, offset: (paging.page - 1) * paging.pageSize }));
      if (canFollowUp) setFollowUps(await listFollowUps(followStatus));
    } catch (error) {
      showError(error);
    }
  }, [query, paging, followStatus, canFollowUp, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  const summary = result?.summary;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {canFollowUp && (
        <Card
          title="不满意评价跟进"
          extra={
            <Segmented
              value={followStatus}
              onChange={(v) => setFollowStatus(v as 'open' | 'done')}
              options={[
                { value: 'open', label: '待跟进' },
                { value: 'done', label: '已完成' },
              ]}
            />
          }
        >
          <Table<FollowUp>
            rowKey="id"
            dataSource={followUps}
            pagination={false}
            rowClassName={(f) => (f.id === highlighted ? 'ant-table-row-selected' : '')}
            locale={{ emptyText: followStatus === 'open' ? '没有待跟进的不满意评价' : '没有记录' }}
            columns={[
              {
                title: '来电编号',
                dataIndex: 'contactNo',
                render: (v: string, f) => <LinkButton onClick={() => setOpenContactId(f.contactId)}>{v}</LinkButton>,
              },
              { title: '主题', dataIndex: 'subject' },
              { title: '坐席', dataIndex: 'agentName' },
              { title: '评价方式', dataIndex: 'method', render: (m: SurveyMethod) => surveyMethodNames[m] },
              { title: '意见', dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
              { title: '时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v).slice(0, 16) },
              followStatus === 'open'
                ? {
                    title: '操作',
                    render: (_: unknown, f: FollowUp) => (
                      <Button type="link" onClick={() => setCompleting(f)}>
                        完成跟进
                      </Button>
                    ),
                  }
                : { title: '跟进情况', render: (_: unknown, f: FollowUp) => `${f.doneBy ?? ''}：${f.note ?? ''}` },
            ]}
          />
        </Card>
      )}
      <Card
        title="满意度评价"
        extra={
          <Space wrap>
            <DatePicker.RangePicker
              onChange={(values) => {
                const [from, to] = (values ?? []) as Array<Dayjs | null>;
                setQuery((q) => ({
                  ...q,
                  ...(from && to
                    ? { from: toDateString(from), to: toDateString(to) }
                    : { from: undefined, to: undefined }),
                }));
                setPaging((p) => ({ ...p, page: 1 }));
              }}
            />
            <Select
              allowClear
              placeholder="满意度"
              style={{ width: 120 }}
              options={satisfactions.map((s) => ({ value: s, label: satisfactionNames[s] }))}
              onChange={(v?: Satisfaction) => setQuery((q) => ({ ...q, satisfaction: v }))}
            />
            <Select
              allowClear
              placeholder="评价方式"
              style={{ width: 120 }}
              options={surveyMethods.map((m) => ({ value: m, label: surveyMethodNames[m] }))}
              onChange={(v?: SurveyMethod) => setQuery((q) => ({ ...q, method: v }))}
            />
            <Button icon={<DownloadOutlined />} href={exportSurveysUrl(query)}>
              导出 Excel
            </Button>
          </Space>
        }
      >
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={5}>
            <Statistic title="评价数" value={summary?.responses ?? 0} />
          </Col>
          <Col span={5}>
            <Statistic title="满意" value={summary?.satisfied ?? 0} />
          </Col>
          <Col span={5}>
            <Statistic title="基本满意" value={summary?.basicallySatisfied ?? 0} />
          </Col>
          <Col span={5}>
            <Statistic title="不满意" value={summary?.unsatisfied ?? 0} />
          </Col>
          <Col span={4}>
            <Statistic
              title="满意率"
              value={
                summary?.rate === null || summary?.rate === undefined ? '—' : `${(summary.rate * 100).toFixed(1)}%`
              }
            />
          </Col>
        </Row>
        <Table
          rowKey="id"
          dataSource={result?.items ?? []}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: summary
              ? query.satisfaction
                ? summary[query.satisfaction === 'basically_satisfied' ? 'basicallySatisfied' : query.satisfaction]
                : summary.responses
              : 0,
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
          columns={[
            {
              title: '来电编号',
              dataIndex: 'contactNo',
              render: (v: string, s) => <LinkButton onClick={() => setOpenContactId(s.contactId)}>{v}</LinkButton>,
            },
            { title: '主题', dataIndex: 'subject' },
            { title: '坐席', dataIndex: 'agentName' },
            { title: '满意度', dataIndex: 'satisfaction', render: (v: Satisfaction) => <SatisfactionTag value={v} /> },
            { title: '效率', dataIndex: 'efficiency', render: (v: number | null) => v ?? '—' },
            { title: '准确性', dataIndex: 'accuracy', render: (v: number | null) => v ?? '—' },
            { title: '意见', dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
            { title: '方式', dataIndex: 'method', render: (m: SurveyMethod) => surveyMethodNames[m] },
            { title: '时间', dataIndex: 'collectedAt', render: (v: string) => formatDateTime(v).slice(0, 16) },
          ]}
        />
      </Card>
      {completing && (
        <TextPromptModal
          title="完成跟进"
          label="跟进情况"
          onSubmit={async (note) => {
            await completeFollowUp(completing.id, note);
            void message.success('跟进已完成');
            void load();
          }}
          onClose={() => setCompleting(null)}
        />
      )}
      {openContactId !== null && (
        <ContactDetailDrawer contactId={openContactId} onClose={() => setOpenContactId(null)} />
      )}
    </Space>
  );
}

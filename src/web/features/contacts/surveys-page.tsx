import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Row, Segmented, Select, Space, Statistic, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
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
import { PagedTable, type PageOf, type PageSlice, usePagedList } from '../../components/paged-table';
import { useLoaded } from '../../components/use-loaded';
import { formatDateTime, toDateString } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { TextPromptModal } from './contact-actions';
import { ContactDetailDrawer } from './contact-detail-drawer';
import { LinkButton, SatisfactionTag } from './contact-tags';
import { completeFollowUp, exportSurveysUrl, listFollowUps, listSurveys } from './contacts.api';

type SurveyItem = SurveyList['items'][number];

/** A page of ratings with the summary of every rating under the same filters. */
type SurveyPage = PageOf<SurveyItem> & { summary: SurveyList['summary'] | null };

const noSurveys: SurveyPage = { total: 0, items: [], summary: null };
const noFollowUps: FollowUp[] = [];

/** A page of ratings; its total is the count of the chosen satisfaction (all of them without one). */
async function loadSurveys(query: SurveyFilters & PageSlice): Promise<SurveyPage> {
  const { summary, items } = await listSurveys(query);
  const { satisfaction } = query;
  const total = satisfaction
    ? summary[satisfaction === 'basically_satisfied' ? 'basicallySatisfied' : satisfaction]
    : summary.responses;
  return { total, items, summary };
}

/** 满意度: the ratings of a period with the satisfaction rate, and the follow-ups of unsatisfied ones. */
export function SurveysPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const list = usePagedList<SurveyItem, SurveyFilters, SurveyPage>(loadSurveys, {}, noSurveys);
  const [followStatus, setFollowStatus] = useState<'open' | 'done'>('open');
  const [completing, setCompleting] = useState<FollowUp | null>(null);
  const [openContactId, setOpenContactId] = useState<number | null>(null);
  const canFollowUp = hasPermission(user, 'surveys.follow_up');
  const highlighted = Number(params.get('followUp')) || null;
  const loadFollowUps = useCallback(
    async () => (canFollowUp ? listFollowUps(followStatus) : noFollowUps),
    [canFollowUp, followStatus],
  );
  const { data: followUps, reload: reloadFollowUps } = useLoaded(loadFollowUps, noFollowUps);
  const query = list.filters;

  const { summary } = list.page;
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
                list.search({
                  ...query,
                  ...(from && to
                    ? { from: toDateString(from), to: toDateString(to) }
                    : { from: undefined, to: undefined }),
                });
              }}
            />
            <Select
              allowClear
              placeholder="满意度"
              style={{ width: 120 }}
              options={satisfactions.map((s) => ({ value: s, label: satisfactionNames[s] }))}
              onChange={(v?: Satisfaction) => list.search({ ...query, satisfaction: v })}
            />
            <Select
              allowClear
              placeholder="评价方式"
              style={{ width: 120 }}
              options={surveyMethods.map((m) => ({ value: m, label: surveyMethodNames[m] }))}
              onChange={(v?: SurveyMethod) => list.search({ ...query, method: v })}
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
        <PagedTable<SurveyItem, SurveyFilters, SurveyPage>
          list={list}
          rowKey="id"
          showTotal={false}
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
            list.reload();
            reloadFollowUps();
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

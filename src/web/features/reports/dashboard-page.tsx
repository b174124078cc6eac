import { DownloadOutlined, RiseOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type ChartSpec, dashboardChartSpecs } from '../../../shared/report-charts';
import type { CallCentreReport, Dashboard, HotQuestion, HotQuestionsResult } from '../../../shared/reports';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useLoaded } from '../../components/use-loaded';
import { DATE_FORMAT, SHANGHAI, toDateString } from '../../dates';
import { useOrgUnits } from '../../reference-data';
import { CallCentreCard } from './call-centre-card';
import { EChart } from './echart';
import {
  chartExportUrl,
  getCallCentre,
  getDashboard,
  getHotQuestions,
  hotQuestionsExportUrl,
  type ReportFilters,
} from './reports.api';

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** The period of a link (`?from=…&to=…&orgUnitId=…`), else this month so far, Shanghai time. */
function initialFilters(params: URLSearchParams): ReportFilters {
  const today = dayjs().tz(SHANGHAI);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const orgUnitId = Number(params.get('orgUnitId')) || undefined;
  if (datePattern.test(from) && datePattern.test(to)) return { from, to, orgUnitId };
  return { from: today.startOf('month').format(DATE_FORMAT), to: today.format(DATE_FORMAT), orgUnitId };
}

/** Charts that need the full width (many categories along the axis). */
const wideCharts = new Set(['contactsByDay', 'transfersByDepartment', 'contactsByTaxKind', 'satisfactionByAgent']);

/**
 * The charts in rows without holes: a wide chart takes a row of its own, the others go two to a row in
 * their order, and one left without a partner takes the whole row.
 */
function chartRows(specs: ChartSpec[]): Array<{ spec: ChartSpec; span: number }> {
  const laidOut: Array<{ spec: ChartSpec; span: number }> = [];
  let waiting: ChartSpec | undefined;
  for (const spec of specs) {
    if (wideCharts.has(spec.key)) {
      laidOut.push({ spec, span: 24 });
    } else if (waiting) {
      laidOut.push({ spec: waiting, span: 12 }, { spec, span: 12 });
      waiting = undefined;
    } else {
      waiting = spec;
    }
  }
  if (waiting) laidOut.push({ spec: waiting, span: 24 });
  return laidOut;
}

function ChartCard({ spec, filters }: { spec: ChartSpec; filters: ReportFilters }) {
  const isEmpty = spec.rows.length === 0;
  return (
    <Card
      size="small"
      title={spec.title}
      data-chart={spec.key}
      extra={
        <Button
          size="small"
          type="link"
          icon={<DownloadOutlined />}
          href={chartExportUrl(filters, spec.key)}
          aria-label={`下载${spec.title}数据`}
        >
          数据 .xlsx
        </Button>
      }
    >
      {isEmpty ? (
        <Empty description="本期没有数据" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <EChart option={spec.option} fileName={`${spec.title}-${filters.from}至${filters.to}`} />
      )}
    </Card>
  );
}

function HotQuestionsCard({ result, filters }: { result: HotQuestionsResult | null; filters: ReportFilters }) {
  return (
    <Card
      title="热点问题"
      extra={
        <Space>
          {result && (
            <Typography.Text type="secondary">
              对比期间 {result.previousFrom} 至 {result.previousTo}
            </Typography.Text>
          )}
          <Button size="small" icon={<DownloadOutlined />} href={hotQuestionsExportUrl(filters)}>
            导出 .xlsx
          </Button>
        </Space>
      }
    >
      <Table<HotQuestion>
        rowKey="rank"
        size="small"
        dataSource={result?.items ?? []}
        pagination={false}
        locale={{ emptyText: '本期没有来电' }}
        expandable={{
          rowExpandable: (q) => q.examples.length > 0,
          expandedRowRender: (q) => (
            <Typography.Text type="secondary">相近问法：{q.examples.join('；')}</Typography.Text>
          ),
        }}
        columns={[
          { title: '排名', dataIndex: 'rank', width: 60 },
          {
            title: '热点问题',
            dataIndex: 'question',
            render: (question: string, q) => (
              <Space orientation="vertical" size={2}>
                <span>
                  {question}{' '}
                  {q.isRising && (
                    <Tag color="red" icon={<RiseOutlined />}>
                      上升明显
                    </Tag>
                  )}
                </span>
                <span>
                  {q.terms.map((t) => (
                    <Tag key={t}>{t}</Tag>
                  ))}
                </span>
              </Space>
            ),
          },
          { title: '本期', dataIndex: 'count', width: 70 },
          { title: '上期', dataIndex: 'previousCount', width: 70 },
          {
            title: '环比',
            dataIndex: 'change',
            width: 90,
            render: (change: number | null) =>
              change === null ? '新增' : `${change > 0 ? '+' : ''}${(change * 100).toFixed(0)}%`,
          },
          { title: '税种', dataIndex: 'taxKinds', width: 140, render: (kinds: string[]) => kinds.join('、') },
          {
            title: '坐席引用的知识',
            dataIndex: 'articles',
            render: (articles: HotQuestion['articles']) =>
              articles.map((a) => (
                <div key={a.id}>
                  <a href={`/kb?article=${a.id}`}>{a.title}</a>（{a.count}）
                </div>
              )),
          },
        ]}
      />
    </Card>
  );
}

const noReports: {
  dashboard: Dashboard | null;
  hot: HotQuestionsResult | null;
  calls: CallCentreReport | null;
} = { dashboard: null, hot: null, calls: null };

/** 统计分析: the dashboard of an org unit and a period, every chart downloadable, and the hot questions. */
export function DashboardPage() {
  const { data: orgUnits } = useOrgUnits();
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<ReportFilters>(() => initialFilters(params));
  const loadReports = useCallback(async () => {
    const [dashboard, hot, calls] = await Promise.all([
      getDashboard(filters),
      getHotQuestions(filters),
      getCallCentre(filters),
    ]);
    return { dashboard, hot, calls };
  }, [filters]);
  const {
    data: { dashboard, hot, calls },
    isLoading,
    reload,
  } = useLoaded(loadReports, noReports);

  const specs = useMemo(() => (dashboard ? dashboardChartSpecs(dashboard) : []), [dashboard]);
  const range: [Dayjs, Dayjs] = [dayjs(filters.from, DATE_FORMAT), dayjs(filters.to, DATE_FORMAT)];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space wrap size="middle">
          <span>组织机构</span>
          <OrgUnitTreeSelect
            orgUnits={orgUnits}
            allowClear
            placeholder="本人所在机构"
            style={{ width: 280 }}
            value={filters.orgUnitId}
            onChange={(orgUnitId) => setFilters((f) => ({ ...f, orgUnitId: orgUnitId ?? undefined }))}
            data-testid="report-org-unit"
          />
          <span>统计期间</span>
          <DatePicker.RangePicker
            allowClear={false}
            value={range}
            onChange={(values) => {
              const [from, to] = (values ?? []) as Array<Dayjs | null>;
              if (from && to) setFilters((f) => ({ ...f, from: toDateString(from), to: toDateString(to) }));
            }}
            presets={[
              { label: '本月', value: [dayjs().tz(SHANGHAI).startOf('month'), dayjs().tz(SHANGHAI)] },
              {
                label: '上月',
                value: [
                  dayjs().tz(SHANGHAI).subtract(1, 'month').startOf('month'),
                  dayjs().tz(SHANGHAI).subtract(1, 'month').endOf('month'),
                ],
              },
              { label: '近 7 天', value: [dayjs().tz(SHANGHAI).subtract(6, 'day'), dayjs().tz(SHANGHAI)] },
              { label: '本年', value: [dayjs().tz(SHANGHAI).startOf('year'), dayjs().tz(SHANGHAI)] },
            ]}
          />
          <Button onClick={reload} loading={isLoading}>
            刷新
          </Button>
        </Space>
      </Card>

      {dashboard && (
        <Row gutter={[16, 16]}>
          {[
            { title: '来电总量', value: dashboard.contacts.total, suffix: '件' },
            { title: '当场答复率', value: percent(dashboard.onTheSpot.rate) },
            { title: '转办件', value: dashboard.transfers.total, suffix: '件' },
            { title: '转办按时率', value: percent(dashboard.transfers.onTimeRate) },
            { title: '投诉举报', value: dashboard.cases.total, suffix: '件' },
            { title: '满意率', value: percent(dashboard.satisfaction.rate) },
          ].map((figure) => (
            <Col key={figure.title} xs={12} md={8} xl={4}>
              <Card size="small">
                <Statistic title={figure.title} value={figure.value} suffix={figure.suffix} />
              </Card>
            </Col>
          ))}
        </Row>
      )}

      <CallCentreCard report={calls} />

      <Row gutter={[16, 16]}>
        {chartRows(specs).map(({ spec, span }) => (
          <Col key={spec.key} xs={24} xl={span}>
            <ChartCard spec={spec} filters={filters} />
          </Col>
        ))}
      </Row>

      <HotQuestionsCard result={hot} filters={filters} />
    </Space>
  );
}

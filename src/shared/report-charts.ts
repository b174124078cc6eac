/**
 * The charts of the dashboard as plain ECharts option objects, and the table of data behind each:
 * pure functions of a `Dashboard`, so the web page draws them in the browser, the server exports their
 * data as .xlsx and the monthly bulletin renders them to images server-side from the same code.
 */
import type { EChartsOption } from 'echarts';
import type { Dashboard, DashboardChart, NamedSatisfaction } from './reports';

export interface ChartTableColumn {
  header: string;
  key: string;
  width?: number;
}

/** One chart: its Chinese title, its ECharts option and its data as rows for a table or a sheet. */
export interface ChartSpec {
  key: DashboardChart;
  title: string;
  option: EChartsOption;
  columns: ChartTableColumn[];
  rows: Array<Record<string, string | number | null>>;
}

export const dashboardChartTitles = {
  contactsByDay: '每日来电量',
  contactsByHour: '来电时段分布',
  contactsByChannel: '来电渠道分布',
  contactsByType: '诉求类型分布',
  contactsByTaxKind: '税种及业务类别分布',
  onTheSpot: '当场答复率',
  transfersByDepartment: '各处室转办情况',
  casesByStage: '投诉举报办理环节',
  casesByClassification: '投诉举报分类',
  satisfactionByAgent: '坐席满意率',
  satisfactionByDepartment: '处室满意率',
  satisfactionByType: '诉求类型满意率',
  serviceLoad: '服务时段负荷（每坐席每小时来电）',
} as const satisfies Record<DashboardChart, string>;

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

const base = (title: string): EChartsOption => ({
  title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
  tooltip: { trigger: 'axis' },
  grid: { left: 48, right: 24, top: 48, bottom: 40, containLabel: true },
  animation: false,
});

function bars(title: string, names: string[], series: Array<{ name: string; data: Array<number | null> }>) {
  return {
    ...base(title),
    legend: series.length > 1 ? { top: 24 } : undefined,
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 30 : 0 } },
    // Counts: whole-number ticks (a rate overrides the axis).
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data })),
  } as EChartsOption;
}

function pie(title: string, items: Array<{ name: string; value: number }>): EChartsOption {
  return {
    ...base(title),
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '52%'],
        // One line per label: two stacked lines of a label reach into each other's box.
        label: { formatter: '{b} {c}' },
        data: items.filter((i) => i.value > 0),
      },
    ],
  };
}

function satisfactionChart(key: DashboardChart, title: string, nameHeader: string, items: NamedSatisfaction[]) {
  const shown = items.slice(0, 30);
  const spec: ChartSpec = {
    key,
    title,
    option: {
      ...bars(
        title,
        shown.map((i) => i.name),
        [{ name: '满意率（%）', data: shown.map((i) => percent(i.rate)) }],
      ),
      yAxis: { type: 'value', max: 100, name: '%' },
    } as EChartsOption,
    columns: [
      { header: nameHeader, key: 'name', width: 20 },
      { header: '评价数', key: 'responses', width: 10 },
      { header: '满意', key: 'satisfied', width: 10 },
      { header: '基本满意', key: 'basicallySatisfied', width: 10 },
      { header: '不满意', key: 'unsatisfied', width: 10 },
      { header: '满意率（%）', key: 'rate', width: 12 },
    ],
    rows: items.map((i) => ({
      name: i.name,
      responses: i.responses,
      satisfied: i.satisfied,
      basicallySatisfied: i.basicallySatisfied,
      unsatisfied: i.unsatisfied,
      rate: percent(i.rate),
    })),
  };
  return spec;
}

/** One chart of the dashboard. */
export function dashboardChart(d: Dashboard, key: DashboardChart): ChartSpec {
  const title = dashboardChartTitles[key];
  switch (key) {
    case 'contactsByDay':
      return {
        key,
        title,
        option: {
          ...bars(
            title,
            d.contacts.byDay.map((r) => r.date.slice(5)),
            [{ name: '来电量', data: d.contacts.byDay.map((r) => r.count) }],
          ),
          // A count per day: straight segments between the days, never a smoothed curve.
          series: [{ type: 'line', name: '来电量', smooth: false, data: d.contacts.byDay.map((r) => r.count) }],
        } as EChartsOption,
        columns: [
          { header: '日期', key: 'date', width: 14 },
          { header: '来电量', key: 'count', width: 10 },
        ],
        rows: d.contacts.byDay.map((r) => ({ date: r.date, count: r.count })),
      };
    case 'contactsByHour':
      return {
        key,
        title,
        option: bars(
          title,
          d.contacts.byHour.map((r) => `${r.hour}时`),
          [{ name: '来电量', data: d.contacts.byHour.map((r) => r.count) }],
        ),
        columns: [
          { header: '时段', key: 'hour', width: 14 },
          { header: '来电量', key: 'count', width: 10 },
        ],
        rows: d.contacts.byHour.map((r) => ({
          hour: `${String(r.hour).padStart(2, '0')}:00-${String(r.hour).padStart(2, '0')}:59`,
          count: r.count,
        })),
      };
    case 'contactsByChannel':
    case 'contactsByType': {
      const items = key === 'contactsByChannel' ? d.contacts.byChannel : d.contacts.byType;
      return {
        key,
        title,
        option: pie(
          title,
          items.map((i) => ({ name: i.name, value: i.count })),
        ),
        columns: [
          { header: key === 'contactsByChannel' ? '渠道' : '诉求类型', key: 'name', width: 18 },
          { header: '来电量', key: 'count', width: 10 },
        ],
        rows: items.map((i) => ({ name: i.name, count: i.count })),
      };
    }
    case 'contactsByTaxKind': {
      const typeKeys = [...new Set(d.contacts.byTaxKind.flatMap((r) => Object.keys(r.byType)))];
      const typeName = (type: string) => d.contacts.byType.find((t) => t.key === type)?.name ?? type;
      const shown = d.contacts.byTaxKind.slice(0, 20);
      return {
        key,
        title,
        option: {
          ...bars(
            title,
            shown.map((r) => r.taxKind),
            typeKeys.map((type) => ({ name: typeName(type), data: shown.map((r) => r.byType[type] ?? 0) })),
          ),
          series: typeKeys.map((type) => ({
            type: 'bar',
            stack: 'type',
            name: typeName(type),
            data: shown.map((r) => r.byType[type] ?? 0),
          })),
        } as EChartsOption,
        columns: [
          { header: '税种', key: 'taxKind', width: 16 },
          { header: '合计', key: 'count', width: 10 },
          ...typeKeys.map((type) => ({ header: typeName(type), key: `type_${type}`, width: 12 })),
        ],
        rows: d.contacts.byTaxKind.map((r) => ({
          taxKind: r.taxKind,
          count: r.count,
          ...Object.fromEntries(typeKeys.map((type) => [`type_${type}`, r.byType[type] ?? 0])),
        })),
      };
    }
    case 'onTheSpot':
      return {
        key,
        title,
        option: pie(`${title}：${percent(d.onTheSpot.rate) ?? '—'}%`, [
          { name: '当场答复', value: d.onTheSpot.answered },
          { name: '转办等', value: d.onTheSpot.total - d.onTheSpot.answered },
        ]),
        columns: [
          { header: '来电总量', key: 'total', width: 12 },
          { header: '当场答复', key: 'answered', width: 12 },
          { header: '当场答复率（%）', key: 'rate', width: 16 },
        ],
        rows: [{ total: d.onTheSpot.total, answered: d.onTheSpot.answered, rate: percent(d.onTheSpot.rate) }],
      };
    case 'transfersByDepartment': {
      const items = d.transfers.byDepartment;
      return {
        key,
        title,
        option: {
          ...bars(
            title,
            items.map((i) => i.name),
            [
              { name: '按时', data: items.map((i) => i.onTime) },
              { name: '超期', data: items.map((i) => i.overdue) },
              { name: '待答复', data: items.map((i) => i.open) },
            ],
          ),
          yAxis: [
            { type: 'value', name: '件', minInterval: 1 },
            { type: 'value', name: '按时率 %', max: 100 },
          ],
          series: [
            { type: 'bar', name: '按时', data: items.map((i) => i.onTime) },
            { type: 'bar', name: '超期', data: items.map((i) => i.overdue) },
            { type: 'bar', name: '待答复', data: items.map((i) => i.open) },
            { type: 'line', name: '按时率', yAxisIndex: 1, data: items.map((i) => percent(i.onTimeRate)) },
          ],
        } as EChartsOption,
        columns: [
          { header: '处室', key: 'name', width: 20 },
          { header: '转办量', key: 'total', width: 10 },
          { header: '已答复', key: 'answered', width: 10 },
          { header: '按时', key: 'onTime', width: 10 },
          { header: '超期', key: 'overdue', width: 10 },
          { header: '待答复', key: 'open', width: 10 },
          { header: '按时率（%）', key: 'onTimeRate', width: 12 },
          { header: '平均答复时长（小时）', key: 'averageAnswerHours', width: 18 },
        ],
        rows: items.map((i) => ({
          name: i.name,
          total: i.total,
          answered: i.answered,
          onTime: i.onTime,
          overdue: i.overdue,
          open: i.open,
          onTimeRate: percent(i.onTimeRate),
          averageAnswerHours: i.averageAnswerHours,
        })),
      };
    }
    case 'casesByStage':
    case 'casesByClassification': {
      const items = key === 'casesByStage' ? d.cases.byStage : d.cases.byClassification;
      return {
        key,
        title,
        option:
          key === 'casesByStage'
            ? bars(
                title,
                items.map((i) => i.name),
                [{ name: '案件数', data: items.map((i) => i.count) }],
              )
            : pie(
                title,
                items.map((i) => ({ name: i.name, value: i.count })),
              ),
        columns: [
          { header: key === 'casesByStage' ? '环节' : '分类', key: 'name', width: 24 },
          { header: '案件数', key: 'count', width: 10 },
        ],
        rows: items.map((i) => ({ name: i.name, count: i.count })),
      };
    }
    case 'satisfactionByAgent':
      return satisfactionChart(key, title, '坐席', d.satisfaction.byAgent);
    case 'satisfactionByDepartment':
      return satisfactionChart(key, title, '处室', d.satisfaction.byDepartment);
    case 'satisfactionByType':
      return satisfactionChart(key, title, '诉求类型', d.satisfaction.byType);
    case 'serviceLoad':
      return {
        key,
        title,
        option: {
          ...bars(
            title,
            d.serviceLoad.map((r) => `${r.hour}时`),
            [{ name: '每坐席来电', data: d.serviceLoad.map((r) => r.perAgent) }],
          ),
          // A rate per agent and hour, not a count: fractional ticks are right here.
          yAxis: { type: 'value' },
        } as EChartsOption,
        columns: [
          { header: '时段', key: 'hour', width: 14 },
          { header: '来电量', key: 'contacts', width: 10 },
          { header: '坐席工时（人·小时）', key: 'agentHours', width: 18 },
          { header: '每坐席每小时来电', key: 'perAgent', width: 18 },
        ],
        rows: d.serviceLoad.map((r) => ({
          hour: `${String(r.hour).padStart(2, '0')}:00-${String(r.hour).padStart(2, '0')}:59`,
          contacts: r.contacts,
          agentHours: r.agentHours,
          perAgent: r.perAgent,
        })),
      };
  }
}

/** Every chart of the dashboard, in the page's order. */
export function dashboardChartSpecs(d: Dashboard): ChartSpec[] {
  return (Object.keys(dashboardChartTitles) as DashboardChart[]).map((key) => dashboardChart(d, key));
}

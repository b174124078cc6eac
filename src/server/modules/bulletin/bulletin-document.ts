/**
 * The bulletin as a Word document (.docx, via the `docx` package): a title page, the editor's note,
 * the summary and one section per subject, each with its remark, tables and charts as PNG images.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { EChartsOption } from 'echarts';
import { type BulletinRemarks, type BulletinSection, bulletinSectionNames } from '../../../shared/bulletin';
import { adoptionNames } from '../../../shared/contacts';
import { type ChartSpec, dashboardChart } from '../../../shared/report-charts';
import type { DashboardChart } from '../../../shared/reports';
import { type BulletinFigures, changeText, dateTitle, issueOf, monthTitle, percentText, summaryText } from './bulletin';
import { type ChartImage, renderChartPng } from './bulletin-charts';

export interface BulletinDocumentInput {
  figures: BulletinFigures;
  remarks: BulletinRemarks;
  /** The version printed on the title page; null for a preview that is not stored. */
  version: number | null;
  isDraft: boolean;
  /** The Shanghai date printed on the title page. */
  date: string;
}

const HEADING_FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体' };
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const RED = 'C00000';
/** Rows a table prints at most; the dashboard's export has the rest. */
const MAX_TABLE_ROWS = 20;
const CHART_SIZE = { width: 600, height: 300 };

const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function paragraph(value: string, options: { indent?: boolean; bold?: boolean } = {}) {
  return new Paragraph({
    spacing: { after: 120, line: 400 },
    ...(options.indent === false ? {} : { indent: { firstLine: 560 } }),
    children: value
      .split('\n')
      .map(
        (line, i) =>
          new TextRun({ text: line, font: BODY_FONT, size: 28, bold: options.bold ?? false, break: i > 0 ? 1 : 0 }),
      ),
  });
}

/** Section headings are large and plain so that people (and OCR in the tests) read them at a glance. */
function heading(value: string) {
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    spacing: { before: 360, after: 200 },
    keepNext: true,
    children: [new TextRun({ text: value, font: HEADING_FONT, size: 40, bold: true, color: '000000' })],
  });
}

function subheading(value: string) {
  return new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 200, after: 120 },
    keepNext: true,
    children: [new TextRun({ text: value, font: HEADING_FONT, size: 30, bold: true, color: '000000' })],
  });
}

function remark(value: string | undefined, label: string) {
  if (!value) return [];
  return [
    new Paragraph({
      spacing: { after: 160, line: 400 },
      shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' },
      children: [
        new TextRun({ text: `${label}`, font: HEADING_FONT, size: 28, bold: true }),
        ...value
          .split('\n')
          .map((line, i) => new TextRun({ text: line, font: BODY_FONT, size: 28, break: i > 0 ? 1 : 0 })),
      ],
    }),
  ];
}

function cell(value: string, options: { header?: boolean; width?: number } = {}) {
  return new TableCell({
    ...(options.header ? { shading: { type: ShadingType.CLEAR, fill: 'D9E2F3', color: 'auto' } } : {}),
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: value, font: BODY_FONT, size: 22, bold: options.header ?? false })],
      }),
    ],
  });
}

/** The text width of an A4 page with the default margins, in twentieths of a point. */
const TEXT_WIDTH = 9026;

function table(headers: string[], rows: string[][], shares?: number[]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    ...(shares ? { columnWidths: shares.map((share) => Math.round((TEXT_WIDTH * share) / 100)) } : {}),
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, { header: true })) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

const display = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '—' : String(value);

/** A chart's data as a table, with the columns the dashboard's export uses. */
function specTable(spec: ChartSpec) {
  if (spec.rows.length === 0) return [paragraph('本月无数据。')];
  const shown = spec.rows.slice(0, MAX_TABLE_ROWS);
  const items: Array<Paragraph | Table> = [
    table(
      spec.columns.map((c) => c.header),
      shown.map((row) => spec.columns.map((c) => display(row[c.key]))),
    ),
  ];
  if (spec.rows.length > shown.length)
    items.push(paragraph(`（仅列前 ${shown.length} 项，共 ${spec.rows.length} 项）`));
  return items;
}

/**
 * The printed chart: its title is the caption under the image, so the legend takes the top line; a
 * category axis shows as many labels as fit (every label is a text the rasteriser shapes, at a cost).
 */
function printedOption(option: EChartsOption): EChartsOption {
  const { legend, xAxis } = option;
  const thinned =
    xAxis && !Array.isArray(xAxis) && xAxis.type === 'category'
      ? { xAxis: { ...xAxis, axisLabel: { ...xAxis.axisLabel, interval: 'auto' as const } } }
      : {};
  return {
    ...option,
    ...thinned,
    title: { show: false },
    ...(legend && !Array.isArray(legend) ? { legend: { ...legend, top: 0 } } : {}),
    grid: { left: 48, right: 24, top: legend ? 40 : 16, bottom: 24, containLabel: true },
  };
}

/** The dashboard's charts of the figures, and the images of those the bulletin prints. */
interface Charts {
  spec(key: DashboardChart): ChartSpec;
  image(key: DashboardChart): ChartImage | undefined;
}

/** The charts printed: each section's, when it has data to draw. */
function printedCharts(f: BulletinFigures): DashboardChart[] {
  const d = f.dashboard;
  return [
    ...(d.contacts.total > 0 ? (['contactsByType', 'contactsByDay'] as const) : []),
    ...(d.transfers.byDepartment.length > 0 ? (['transfersByDepartment'] as const) : []),
    ...(d.cases.total > 0 ? (['casesByStage'] as const) : []),
    ...(d.satisfaction.responses > 0 ? (['satisfactionByType'] as const) : []),
  ];
}

/** Renders the printed charts at once, off the event loop (resvg's thread pool). */
async function renderCharts(f: BulletinFigures): Promise<Charts> {
  const specs = new Map<DashboardChart, ChartSpec>();
  const spec = (key: DashboardChart) => {
    let found = specs.get(key);
    if (!found) {
      found = dashboardChart(f.dashboard, key);
      specs.set(key, found);
    }
    return found;
  };
  const keys = printedCharts(f);
  const images = await Promise.all(keys.map((key) => renderChartPng(printedOption(spec(key).option), CHART_SIZE)));
  const byKey = new Map(keys.map((key, i) => [key, images[i]]));
  return { spec, image: (key) => byKey.get(key) };
}

function chartImage(charts: Charts, key: DashboardChart, caption: string) {
  const image = charts.image(key);
  if (!image) return [];
  const spec = charts.spec(key);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      children: [
        new ImageRun({
          type: 'png',
          data: image.png,
          transformation: { width: image.width, height: image.height },
          altText: { name: spec.key, title: spec.title, description: spec.title },
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [new TextRun({ text: caption, font: BODY_FONT, size: 21 })],
    }),
  ];
}

function titlePage(input: BulletinDocumentInput) {
  const { figures } = input;
  const centre = `${figures.orgUnit.name}12366纳税服务中心`;
  return [
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 400 },
      children: [new TextRun({ text: '12366信息专报', font: HEADING_FONT, size: 80, bold: true, color: RED })],
    }),
    ...(input.isDraft
      ? [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [new TextRun({ text: '（草稿）', font: HEADING_FONT, size: 36, bold: true, color: RED })],
          }),
        ]
      : []),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [new TextRun({ text: issueOf(figures.month), font: HEADING_FONT, size: 36 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text: centre, font: BODY_FONT, size: 30 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 600 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      children: [new TextRun({ text: dateTitle(input.date), font: BODY_FONT, size: 30 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [
        new TextRun({ text: `${monthTitle(figures.month)}热线运行情况分析`, font: HEADING_FONT, size: 44, bold: true }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      pageBreakBefore: false,
      children: [
        new TextRun({
          text: input.version === null ? '预览稿（未保存）' : `第 ${input.version} 版`,
          font: BODY_FONT,
          size: 24,
          color: '595959',
        }),
      ],
    }),
  ];
}

const named = (items: ReadonlyArray<{ name: string; count: number }>, total: number) =>
  items.map((i) => [i.name, String(i.count), percentText(total > 0 ? i.count / total : null)]);

function volumeSection(f: BulletinFigures, charts: Charts) {
  const d = f.dashboard;
  const days = d.contacts.byDay.filter((r) => r.count > 0);
  const busiest = days.reduce<{ date: string; count: number } | null>(
    (a, r) => (!a || r.count > a.count ? r : a),
    null,
  );
  const lines = [
    `本月共受理来电${d.contacts.total}件，${changeText(d.contacts.total, f.previous.contacts)}（上月${f.previous.contacts}件），日均${days.length > 0 ? (d.contacts.total / d.scope.days).toFixed(1) : '0'}件` +
      (busiest ? `，来电最多的是${dateTitle(busiest.date)}（${busiest.count}件）。` : '。'),
  ];
  return [
    ...lines.map((l) => paragraph(l)),
    subheading('（一）诉求类型'),
    table(['诉求类型', '件数', '占比'], named(d.contacts.byType, d.contacts.total)),
    ...chartImage(charts, 'contactsByType', '图1 诉求类型分布'),
    subheading('（二）受理渠道'),
    table(['受理渠道', '件数', '占比'], named(d.contacts.byChannel, d.contacts.total)),
    subheading('（三）每日来电量'),
    ...(days.length > 0 ? chartImage(charts, 'contactsByDay', '图2 每日来电量') : [paragraph('本月无来电记录。')]),
    ...callsSubsection(f),
  ];
}

const seconds = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}秒`);

/** （四）话务情况: the call-centre figures from the PBX's events, beside last month's. */
function callsSubsection(f: BulletinFigures) {
  if (!f.calls) return [];
  const { current: c, previous: p } = f.calls;
  if (c.offered === 0 && p.offered === 0) return [subheading('（四）话务情况'), paragraph('本月无电话呼入记录。')];
  return [
    subheading('（四）话务情况'),
    paragraph(
      `本月电话呼入${c.offered}通（${changeText(c.offered, p.offered)}），转人工${c.queued}通，人工接听${c.answered}通，` +
        `接通率${percentText(c.answerRate)}（上月${percentText(p.answerRate)}），` +
        `${f.calls.serviceLevelSeconds}秒服务水平${percentText(c.serviceLevel)}；平均应答${seconds(c.avgSpeedOfAnswerSeconds)}，` +
        `平均通话${seconds(c.avgHandleSeconds)}；语音导航中放弃${c.abandonedInIvr}通，排队中放弃${c.abandonedInQueue}通。`,
    ),
    table(
      ['指标', '本月', '上月'],
      [
        ['呼入量（通）', String(c.offered), String(p.offered)],
        ['人工接听（通）', String(c.answered), String(p.answered)],
        ['接通率', percentText(c.answerRate), percentText(p.answerRate)],
        ['服务水平', percentText(c.serviceLevel), percentText(p.serviceLevel)],
        ['平均应答时长', seconds(c.avgSpeedOfAnswerSeconds), seconds(p.avgSpeedOfAnswerSeconds)],
        ['平均通话时长', seconds(c.avgHandleSeconds), seconds(p.avgHandleSeconds)],
      ],
    ),
  ];
}

function hotQuestionsSection(f: BulletinFigures) {
  const items = f.hotQuestions.items;
  if (items.length === 0) return [paragraph('本月无可归纳的热点问题。')];
  const rising = items.filter((q) => q.isRising);
  return [
    paragraph(
      `本月共分析来电${f.hotQuestions.contacts}件，归纳出热点问题${items.length}个` +
        (rising.length > 0 ? `，其中上升明显的${rising.length}个。` : '。'),
    ),
    table(
      ['排名', '热点问题', '关键词', '本月', '上月', '变化'],
      items.map((q) => [
        String(q.rank),
        q.question,
        q.terms.join('、'),
        String(q.count),
        String(q.previousCount),
        q.change === null ? '新增' : `${q.change >= 0 ? '+' : ''}${percentText(q.change)}${q.isRising ? ' ↑' : ''}`,
      ]),
      [8, 36, 26, 10, 10, 10],
    ),
  ];
}

function transfersSection(f: BulletinFigures, charts: Charts) {
  const t = f.dashboard.transfers;
  // The same figure as the table below (hours to 2 decimals): "0.02", never a rounded "0.0".
  const average = display(t.averageAnswerHours === null ? null : Math.round(t.averageAnswerHours * 100) / 100);
  return [
    paragraph(
      `本月转办${t.total}件（${changeText(t.total, f.previous.transfers)}），已答复${t.answered}件，按时答复${t.onTime}件，超期${t.overdue}件，尚未答复${t.open}件；按时答复率${percentText(t.onTimeRate)}，平均答复时长${average}小时。`,
    ),
    ...chartImage(charts, 'transfersByDepartment', '图3 各处室转办情况'),
    ...specTable(charts.spec('transfersByDepartment')),
  ];
}

function casesSection(f: BulletinFigures, charts: Charts) {
  const c = f.dashboard.cases;
  const byCategory = c.byCategory.map((i) => `${i.name}${i.count}件`).join('、');
  return [
    paragraph(
      `本月登记投诉举报案件${c.total}件（${changeText(c.total, f.previous.cases)}）${byCategory ? `，其中${byCategory}` : ''}。`,
    ),
    subheading('（一）办理环节'),
    ...chartImage(charts, 'casesByStage', '图4 投诉举报办理环节'),
    ...specTable(charts.spec('casesByStage')),
    subheading('（二）分类'),
    ...specTable(charts.spec('casesByClassification')),
  ];
}

function satisfactionSection(f: BulletinFigures, charts: Charts) {
  const s = f.dashboard.satisfaction;
  const previous = f.previous.satisfactionRate;
  return [
    paragraph(
      `本月收到满意度评价${s.responses}件，其中满意${s.satisfied}件、基本满意${s.basicallySatisfied}件、不满意${s.unsatisfied}件，满意率${percentText(s.rate)}` +
        (previous === null ? '。' : `（上月${percentText(previous)}）。`),
    ),
    subheading('（一）按诉求类型'),
    ...chartImage(charts, 'satisfactionByType', '图5 诉求类型满意率'),
    ...specTable(charts.spec('satisfactionByType')),
    subheading('（二）按处室'),
    ...specTable(charts.spec('satisfactionByDepartment')),
  ];
}

function suggestionsSection(f: BulletinFigures) {
  const s = f.suggestions;
  const items: Array<Paragraph | Table> = [
    paragraph(
      `本月收到意见建议${s.total}件，采纳${s.adopted}件、部分采纳${s.partlyAdopted}件、不采纳${s.notAdopted}件，尚在办理${s.pending}件。`,
    ),
    table(
      ['采纳情况', '件数'],
      [
        [adoptionNames.adopted, String(s.adopted)],
        [adoptionNames.partly_adopted, String(s.partlyAdopted)],
        [adoptionNames.not_adopted, String(s.notAdopted)],
        ['办理中', String(s.pending)],
      ],
    ),
  ];
  if (s.examples.length > 0) {
    items.push(subheading('典型意见建议'));
    s.examples.forEach((e, i) => {
      const adoption = adoptionNames[e.adoption as keyof typeof adoptionNames] ?? e.adoption;
      items.push(
        paragraph(`${i + 1}. ${e.subject}（${adoption}，${e.contactNo}）${e.answer ? `答复：${e.answer}` : ''}`),
      );
    });
  }
  return items;
}

/** Builds the .docx of a bulletin version; the charts are rendered here from the frozen figures. */
export async function buildBulletinDocx(input: BulletinDocumentInput): Promise<Buffer> {
  const { figures: f, remarks } = input;
  const charts = await renderCharts(f);
  const sections: Array<[BulletinSection, Array<Paragraph | Table>]> = [
    ['volume', volumeSection(f, charts)],
    ['hotQuestions', hotQuestionsSection(f)],
    ['transfers', transfersSection(f, charts)],
    ['cases', casesSection(f, charts)],
    ['satisfaction', satisfactionSection(f, charts)],
    ['suggestions', suggestionsSection(f)],
  ];
  const body: Array<Paragraph | Table> = [
    ...(remarks.foreword ? [heading('编者按'), paragraph(remarks.foreword)] : []),
    heading(`${numerals[0]}、本月概况`),
    paragraph(summaryText(f)),
  ];
  sections.forEach(([key, children], i) => {
    body.push(heading(`${numerals[i + 1]}、${bulletinSectionNames[key]}`));
    body.push(...remark(remarks.sections[key], '【按语】'));
    body.push(...children);
  });

  const document = new Document({
    creator: 'taxline',
    title: `12366信息专报 ${issueOf(f.month)}`,
    description: `${f.orgUnit.name} ${monthTitle(f.month)} 信息专报${input.version === null ? '' : ` 第${input.version}版`}`,
    styles: { default: { document: { run: { font: BODY_FONT, size: 28 } } } },
    sections: [
      { children: titlePage(input) },
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: BODY_FONT, size: 21 })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}

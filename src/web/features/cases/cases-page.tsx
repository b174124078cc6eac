import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Switch, type TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import {
  type CaseCategory,
  type CaseStep,
  caseCategories,
  caseCategoryNames,
  caseStepNames,
  caseSteps,
} from '../../../shared/cases';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PagedTable, usePagedList } from '../../components/paged-table';
import { toDateString } from '../../dates';
import { useOrgUnits } from '../../reference-data';
import { formatDeadline, formatMinute } from './case-dates';
import { CaseDetail } from './case-detail';
import { CaseStateTag, CategoryTag, DecisionTag, StepTag } from './case-tags';
import { type CaseQuery, type CaseSummary, exportUrl, listCases } from './cases.api';

interface SearchValues {
  caseNo?: string;
  category?: CaseCategory;
  step?: CaseStep;
  orgUnitId?: number;
  range?: [Dayjs, Dayjs] | null;
  q?: string;
  overdue?: boolean;
}

function CaseSearch() {
  const { data: orgUnits } = useOrgUnits();
  const list = usePagedList<CaseSummary, CaseQuery>(listCases, {});

  const search = (values: SearchValues) => {
    list.search({
      ...(values.caseNo?.trim() ? { caseNo: values.caseNo.trim() } : {}),
      ...(values.category ? { category: values.category } : {}),
      ...(values.step ? { step: values.step } : {}),
      ...(values.orgUnitId ? { orgUnitId: values.orgUnitId } : {}),
      ...(values.range ? { from: toDateString(values.range[0]), to: toDateString(values.range[1]) } : {}),
      ...(values.q?.trim() ? { q: values.q.trim() } : {}),
      ...(values.overdue ? { overdue: true } : {}),
    });
  };

  const columns: TableProps<CaseSummary>['columns'] = [
    {
      title: '案件编号',
      dataIndex: 'caseNo',
      render: (caseNo: string, item) => <Link to={`/cases?id=${item.id}`}>{caseNo}</Link>,
    },
    { title: '类别', key: 'category', render: (_, item) => <CategoryTag category={item.category} /> },
    { title: '被投诉举报对象', dataIndex: 'subjectName', ellipsis: true },
    { title: '投诉举报人', dataIndex: 'reporterName', render: (v: string | null, item) => (item.named ? v : '匿名') },
    { title: '所属机构', key: 'org', render: (_, item) => item.orgUnit.name, ellipsis: true },
    {
      title: '当前环节',
      key: 'step',
      render: (_, item) => (
        <>
          <StepTag step={item.step} />
          <DecisionTag decision={item.decision} />
        </>
      ),
    },
    {
      title: '签收人',
      key: 'holder',
      render: (_, item) => item.holder?.name ?? (item.step === 'closed' ? '—' : '待签收'),
    },
    { title: '登记时间', dataIndex: 'registeredAt', render: (v: string) => formatMinute(v) },
    { title: '办理期限', dataIndex: 'dueAt', render: (v: string) => formatDeadline(v) },
    { title: '状态', key: 'due', render: (_, item) => <CaseStateTag item={item} /> },
  ];

  return (
    <Card
      title="案件查询"
      extra={
        <Button icon={<DownloadOutlined />} href={exportUrl(list.filters)}>
          导出 Excel
        </Button>
      }
    >
      <Form<SearchValues> name="caseSearch" layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="caseNo">
          <Input aria-label="案件编号" placeholder="案件编号" allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="category">
          <Select
            aria-label="业务类别"
            placeholder="业务类别"
            allowClear
            style={{ width: 110 }}
            options={caseCategories.map((c) => ({ value: c, label: caseCategoryNames[c] }))}
          />
        </Form.Item>
        <Form.Item name="step">
          <Select
            aria-label="当前环节"
            placeholder="当前环节"
            allowClear
            style={{ width: 130 }}
            options={caseSteps.map((s) => ({ value: s, label: caseStepNames[s] }))}
          />
        </Form.Item>
        <Form.Item name="orgUnitId">
          <OrgUnitTreeSelect
            orgUnits={orgUnits}
            aria-label="所属机构"
            placeholder="全部机构"
            allowClear
            style={{ width: 220 }}
          />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker aria-label="登记日期" placeholder={['登记日期起', '登记日期止']} />
        </Form.Item>
        <Form.Item name="q">
          <Input aria-label="关键字" placeholder="被投诉举报对象或内容" allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="overdue" label="仅超期" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form.Item>
      </Form>
      <PagedTable<CaseSummary, CaseQuery> list={list} unit="件" rowKey="id" columns={columns} />
    </Card>
  );
}

/** 案件查询, and the page of one case when the address names it (`/cases?id=42`, where notifications link). */
export function CasesPage() {
  const [params] = useSearchParams();
  const id = Number(params.get('id'));
  return Number.isInteger(id) && id > 0 ? <CaseDetail key={id} id={id} /> : <CaseSearch />;
}

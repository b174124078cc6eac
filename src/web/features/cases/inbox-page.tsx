import { Button, Card, Segmented, Space, Switch, Table, type TableProps, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDeadline } from './case-dates';
import { CategoryTag, DecisionTag, DueTag, StepTag } from './case-tags';
import { type CaseSummary, claimCase, listInbox } from './cases.api';

type View = 'all' | 'mine' | 'waiting';

const noCases: CaseSummary[] = [];

/** 待办事项: the cases I hold and those waiting for my role to claim them. */
export function CaseInboxPage() {
  const navigate = useNavigate();
  const [ownOffice, setOwnOffice] = useState(false);
  const [view, setView] = useState<View>('all');
  const [claiming, setClaiming] = useState<number | null>(null);
  const loadInbox = useCallback(async () => (await listInbox(ownOffice)).items, [ownOffice]);
  const { data: items, isLoading, reload } = useLoaded(loadInbox, noCases);
  const { submit: claim, isSubmitting: isClaiming } = useSubmit(
    async (item: CaseSummary) => {
      setClaiming(item.id);
      await claimCase(item.id);
      return item;
    },
    {
      success: (item) => `已签收 ${item.caseNo}`,
      onSuccess: (item) => void navigate(`/cases?id=${item.id}`),
      onError: reload,
    },
  );

  const shown = useMemo(
    () => items.filter((i) => view === 'all' || (view === 'mine' ? i.isMine : i.holder === null)),
    [items, view],
  );

  const columns: TableProps<CaseSummary>['columns'] = [
    {
      title: '案件编号',
      dataIndex: 'caseNo',
      width: 170,
      render: (caseNo: string, item) => <Link to={`/cases?id=${item.id}`}>{caseNo}</Link>,
    },
    { title: '类别', dataIndex: 'category', render: (_, item) => <CategoryTag category={item.category} /> },
    { title: '被投诉举报对象', dataIndex: 'subjectName', ellipsis: true },
    { title: '所属机构', key: 'orgUnit', render: (_, item) => item.orgUnit.name, ellipsis: true },
    {
      title: '当前环节',
      key: 'step',
      render: (_, item) => (
        <Space size={0}>
          <StepTag step={item.step} />
          <DecisionTag decision={item.decision} />
          {item.needsAcceptance && item.step === 'investigation' ? <span>待受理</span> : null}
        </Space>
      ),
    },
    {
      title: '签收人',
      key: 'holder',
      render: (_, item) => item.holder?.name ?? <Typography.Text type="secondary">待签收</Typography.Text>,
    },
    { title: '环节时限', dataIndex: 'stepDueAt', render: (value: string | null) => formatDeadline(value) },
    { title: '状态', key: 'due', render: (_, item) => <DueTag state={item.dueState} /> },
    {
      title: '操作',
      key: 'actions',
      render: (_, item) =>
        item.holder === null ? (
          <Button
            type="link"
            size="small"
            loading={isClaiming && claiming === item.id}
            onClick={() => void claim(item)}
          >
            签收
          </Button>
        ) : (
          <Link to={`/cases?id=${item.id}`}>办理</Link>
        ),
    },
  ];

  return (
    <Card
      title="投诉举报待办"
      extra={
        <Space>
          <span>仅本机构</span>
          <Switch aria-label="仅本机构" checked={ownOffice} onChange={setOwnOffice} />
          <Button onClick={reload}>刷新</Button>
        </Space>
      }
    >
      <Segmented<View>
        style={{ marginBottom: 16 }}
        value={view}
        onChange={setView}
        options={[
          { value: 'all', label: `全部（${items.length}）` },
          { value: 'mine', label: `我签收的（${items.filter((i) => i.isMine).length}）` },
          { value: 'waiting', label: `待签收（${items.filter((i) => i.holder === null).length}）` },
        ]}
      />
      <Table<CaseSummary>
        rowKey="id"
        columns={columns}
        dataSource={shown}
        loading={isLoading}
        pagination={{ pageSize: 20 }}
      />
    </Card>
  );
}

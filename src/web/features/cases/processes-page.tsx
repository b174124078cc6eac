import { Button, Card, Modal, Skeleton, Space, Table, type TableProps, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type CaseField, caseActionNames, caseDecisionNames, caseStepNames } from '../../../shared/cases';
import { RoleTags } from '../../components/role-tags';
import { wrappingCell } from '../../components/table-cells';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { fieldLabel } from './case-action-modal';
import { formatMinute } from './case-dates';
import {
  type ActionDefinition,
  fetchStoredProcess,
  listProcesses,
  type ProcessDefinition,
  type ProcessVersion,
} from './cases.api';
import { ProcessDiagram } from './process-diagram';

interface ActionRow extends ActionDefinition {
  key: string;
  step: ProcessDefinition['steps'][number]['step'];
  workingDays: number | null;
  isFirstOfStep: boolean;
  stepSize: number;
}

function conditionOf(a: ActionDefinition): string {
  const parts: string[] = [];
  if (a.when?.decisions) parts.push(`待审核的决定为：${a.when.decisions.map((d) => caseDecisionNames[d]).join('、')}`);
  if (a.when?.acceptancePending === true) parts.push('由其他税务机关转来、尚待受理');
  if (a.when?.acceptancePending === false) parts.push('已受理');
  if (a.when?.named === true) parts.push('实名');
  if (a.when?.named === false) parts.push('匿名');
  return parts.join('；') || '—';
}

const targetOf = (a: ActionDefinition) =>
  !a.to ? '（停留在本环节）' : a.to === 'previous' ? '退回送审的上一环节' : caseStepNames[a.to];

/** The definition as a table a reader can review: every step, its actions, who, what fields, when, where to. */
export function ProcessTable({ definition }: { definition: ProcessDefinition }) {
  const rows: ActionRow[] = definition.steps.flatMap((s) =>
    s.actions.map((a, i) => ({
      ...a,
      key: `${s.step}.${a.action}`,
      step: s.step,
      workingDays: s.workingDays,
      isFirstOfStep: i === 0,
      stepSize: s.actions.length,
    })),
  );
  const columns: TableProps<ActionRow>['columns'] = [
    {
      title: '环节',
      key: 'step',
      onCell: (row) => ({ rowSpan: row.isFirstOfStep ? row.stepSize : 0 }),
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{caseStepNames[row.step]}</Typography.Text>
          <Typography.Text type="secondary">默认时限 {row.workingDays} 个工作日</Typography.Text>
        </Space>
      ),
    },
    { title: '操作', key: 'action', render: (_, row) => caseActionNames[row.action] },
    { title: '可办理岗位', key: 'roles', render: (_, row) => <RoleTags roles={row.roles} /> },
    {
      title: '字段',
      key: 'fields',
      className: wrappingCell,
      render: (_, row) =>
        Object.entries(row.fields).map(([field, presence]) => (
          <Tag key={field} color={presence === 'required' ? 'blue' : undefined}>
            {fieldLabel(row.action, field as CaseField)}
            {presence === 'required' ? '（必填）' : '（选填）'}
          </Tag>
        )),
    },
    { title: '条件', key: 'when', className: wrappingCell, render: (_, row) => conditionOf(row) },
    { title: '去向', key: 'to', render: (_, row) => targetOf(row) },
  ];
  return <Table<ActionRow> size="small" pagination={false} rowKey="key" columns={columns} dataSource={rows} bordered />;
}

const emptyProcesses = { current: [] as ProcessDefinition[], versions: [] as ProcessVersion[] };

/** 流程定义: the current complaint and report processes drawn and tabulated, and the versions cases run on. */
export function ProcessesPage() {
  const { data, isLoading } = useLoaded(listProcesses, emptyProcesses);
  const [shown, setShown] = useState<{ version: ProcessVersion; definition: ProcessDefinition } | null>(null);

  const { submit: open } = useSubmit(async (version: ProcessVersion) => {
    setShown({ version, definition: await fetchStoredProcess(version.id) });
  });

  if (isLoading) return <Skeleton active />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="流程定义">
        <Tabs
          items={data.current.map((definition) => ({
            key: definition.key,
            label: `${definition.name}（第 ${definition.version} 版）`,
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Paragraph type="secondary">
                  办理期限默认 {definition.periodWorkingDays} 个工作日（自登记起）。时限可在“投诉举报配置”中调整；
                  已开始办理的案件始终按其启动时的流程版本流转。虚线为退回。
                </Typography.Paragraph>
                <ProcessDiagram definition={definition} />
                <ProcessTable definition={definition} />
              </Space>
            ),
          }))}
        />
      </Card>
      <Card title="已启用的版本" size="small">
        <Table<ProcessVersion>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.versions}
          columns={[
            { title: '流程', dataIndex: 'name' },
            { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` },
            { title: '启用时间', dataIndex: 'createdAt', render: (v: string) => formatMinute(v) },
            { title: '在办案件', dataIndex: 'openCases' },
            {
              title: '',
              key: 'open',
              render: (_, v) => (
                <Button type="link" size="small" onClick={() => void open(v)}>
                  查看
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {shown && (
        <Modal
          open
          width={980}
          footer={null}
          title={`${shown.version.name}（第 ${shown.version.version} 版）`}
          onCancel={() => setShown(null)}
        >
          <ProcessDiagram definition={shown.definition} />
          <ProcessTable definition={shown.definition} />
        </Modal>
      )}
    </Space>
  );
}

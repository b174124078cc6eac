import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import {
  difficulties,
  difficultyNames,
  type ExamRule,
  examAreas,
  examTaxKinds,
  questionTypeNames,
  questionTypes,
} from '../../../shared/exams';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { type Candidate, createExam, type ExamSummary, listCandidates, listExams } from './exams.api';

const noExams: ExamSummary[] = [];
const noCandidates: Candidate[] = [];
const codeOptions = (list: readonly { code: string; name: string }[]) =>
  list.map((e) => ({ value: e.code, label: e.name }));

interface ExamForm {
  title: string;
  window: [Dayjs, Dayjs];
  durationMinutes: number;
  passMark: number;
  maxAttempts: number;
  userIds: number[];
  graderIds?: number[];
  rules: ExamRule[];
}

/** 试卷与考试: the exams of the org scope, and a new one drawn by rules. */
export function ExamsPage() {
  const loaded = useLoaded(listExams, noExams);
  const [isCreating, setIsCreating] = useState(false);
  return (
    <Card
      title="试卷与考试"
      extra={
        <Button type="primary" onClick={() => setIsCreating(true)}>
          组卷并安排考试
        </Button>
      }
    >
      <Table
        rowKey="id"
        loading={loaded.isLoading}
        dataSource={loaded.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '考试', dataIndex: 'title' },
          { title: '开放时间', render: (_, e) => `${formatDateTime(e.opensAt)} 至 ${formatDateTime(e.closesAt)}` },
          { title: '时长', dataIndex: 'durationMinutes', render: (m: number) => `${m} 分钟` },
          { title: '题数', dataIndex: 'questionCount' },
          { title: '总分/及格', render: (_, e) => `${e.maxScore} / ${e.passMark}` },
          { title: '考生', dataIndex: 'participantCount' },
          { title: '补考', render: (_, e) => (e.makeUpOf ? `补考（原考试 ${e.makeUpOf}）` : '') },
        ]}
      />
      {isCreating && (
        <CreateExamModal
          onClose={() => setIsCreating(false)}
          onCreated={() => {
            setIsCreating(false);
            loaded.reload();
          }}
        />
      )}
    </Card>
  );
}

function CreateExamModal({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [form] = Form.useForm<ExamForm>();
  const candidates = useLoaded(listCandidates, noCandidates);
  const create = useSubmit(
    useCallback(
      (v: ExamForm) =>
        createExam({
          title: v.title,
          durationMinutes: v.durationMinutes,
          opensAt: v.window[0].toISOString(),
          closesAt: v.window[1].toISOString(),
          passMark: v.passMark,
          maxAttempts: v.maxAttempts,
          participants: { userIds: v.userIds },
          graderIds: v.graderIds ?? [],
          rules: v.rules,
        }),
      [],
    ),
    { form, success: '考试已安排', onSuccess: onCreated },
  );
  const people = candidates.data.map((c) => ({ value: c.id, label: `${c.name}（${c.username}）` }));
  return (
    <Modal
      open
      width={760}
      title="组卷并安排考试"
      okText="创建"
      confirmLoading={create.isSubmitting}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => create.submit(v))}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ durationMinutes: 60, passMark: 60, maxAttempts: 1, rules: [{ count: 10, points: 10 }] }}
      >
        <Form.Item name="title" label="考试名称" rules={[{ required: true, message: '请填写考试名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="window" label="开放时间" rules={[{ required: true, message: '请选择开放时间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Space>
          <Form.Item name="durationMinutes" label="答题时长（分钟）" rules={[{ required: true }]}>
            <InputNumber min={1} max={600} />
          </Form.Item>
          <Form.Item name="passMark" label="及格分" rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="maxAttempts" label="允许作答次数">
            <InputNumber min={1} max={10} />
          </Form.Item>
        </Space>
        <Form.Item name="userIds" label="考生" rules={[{ required: true, message: '请选择考生' }]}>
          <Select mode="multiple" optionFilterProp="label" options={people} />
        </Form.Item>
        <Form.Item name="graderIds" label="阅卷人（有简答题时）">
          <Select mode="multiple" optionFilterProp="label" options={people} />
        </Form.Item>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="baseline" wrap>
                  <span>规则 {index + 1}</span>
                  <Form.Item name={[field.name, 'count']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={200} addonAfter="题" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'points']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={100} addonAfter="分/题" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'taxKind']}>
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      placeholder="税种不限"
                      style={{ width: 140 }}
                      options={codeOptions(examTaxKinds)}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'area']}>
                    <Select allowClear placeholder="内容不限" style={{ width: 130 }} options={codeOptions(examAreas)} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'difficulty']}>
                    <Select
                      allowClear
                      placeholder="难度不限"
                      style={{ width: 100 }}
                      options={difficulties.map((d) => ({ value: d, label: difficultyNames[d] }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'type']}>
                    <Select
                      allowClear
                      placeholder="题型不限"
                      style={{ width: 100 }}
                      options={questionTypes.map((t) => ({ value: t, label: questionTypeNames[t] }))}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <MinusCircleOutlined aria-label="删除规则" onClick={() => remove(field.name)} />
                  )}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ count: 5, points: 5 })}>
                添加抽题规则
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

import { Button, Card, Form, Input, InputNumber, Modal, Radio, Space, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import {
  type MakeUp,
  type MakeUpDecision,
  makeUpDecisionNames,
  makeUpStatusNames,
  type PlanGates,
} from '../../../shared/training';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { ExamPicker } from '../exams/exam-picker';
import { addGate, decideMakeUp, evaluateGate, fetchGates, scheduleMakeUp } from './training.api';

type Gate = PlanGates['gates'][number];

function GateModal({ planId, onClose, onSaved }: { planId: number; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ stage: string; examId: number }>();
  const { submit, isSubmitting } = useSubmit((v: { stage: string; examId: number }) => addGate(planId, v), {
    form,
    success: '准入考试已设置',
    onSuccess: onSaved,
  });
  return (
    <Modal
      open
      title="设置准入考试"
      okText="保存"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ stage: '实操培训' }}>
        <Form.Item name="stage" label="需通过考试方可参加的阶段" rules={[{ required: true, message: '请填写阶段' }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="examId" label="考试" rules={[{ required: true, message: '请选择考试' }]}>
          <ExamPicker value={undefined} onChange={(id) => form.setFieldValue('examId', id)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MakeUpValues {
  date: string;
  startTime: string;
  endTime: string;
  location?: string;
  opensAt: string;
  closesAt: string;
  durationMinutes: number;
  passMark: number;
  count: number;
  points: number;
}

/** 安排补训补考: one make-up session for everyone waiting, and their make-up exam drawn by a rule. */
function MakeUpModal({ gate, onClose, onSaved }: { gate: Gate; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<MakeUpValues>();
  const toIso = (local: string) => new Date(`${local}:00+08:00`).toISOString();
  const { submit, isSubmitting } = useSubmit(
    (v: MakeUpValues) =>
      scheduleMakeUp(gate.id, {
        date: v.date,
        startTime: v.startTime,
        endTime: v.endTime,
        location: v.location,
        exam: {
          durationMinutes: v.durationMinutes,
          opensAt: toIso(v.opensAt),
          closesAt: toIso(v.closesAt),
          passMark: v.passMark,
          rules: [{ count: v.count, points: v.points }],
        },
      }),
    { form, success: '补充培训和补考已安排', onSuccess: onSaved },
  );
  return (
    <Modal
      open
      title={`安排补训补考：${gate.stage}`}
      okText="安排"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          startTime: '14:00',
          endTime: '18:00',
          durationMinutes: 60,
          passMark: 60,
          count: 10,
          points: 10,
        }}
      >
        <Space wrap>
          <Form.Item name="date" label="补训日期" rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="startTime" label="开始时间" rules={[{ required: true }]}>
            <Input type="time" />
          </Form.Item>
          <Form.Item name="endTime" label="结束时间" rules={[{ required: true }]}>
            <Input type="time" />
          </Form.Item>
          <Form.Item name="location" label="地点">
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="opensAt" label="补考开始" rules={[{ required: true }]}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="closesAt" label="补考截止" rules={[{ required: true }]}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="durationMinutes" label="考试时长（分钟）" rules={[{ required: true }]}>
            <InputNumber min={1} max={600} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="count" label="抽题数" rules={[{ required: true }]}>
            <InputNumber min={1} max={200} />
          </Form.Item>
          <Form.Item name="points" label="每题分值" rules={[{ required: true }]}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item name="passMark" label="及格分" rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function DecisionModal({ makeUp, onClose, onSaved }: { makeUp: MakeUp; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ decision: MakeUpDecision; reason: string }>();
  const { submit, isSubmitting } = useSubmit(
    (v: { decision: MakeUpDecision; reason: string }) => decideMakeUp(makeUp.id, v),
    { form, success: '决定已记录', onSuccess: onSaved },
  );
  return (
    <Modal
      open
      title={`决定去向：${makeUp.name}（第 ${makeUp.round} 轮补考未通过）`}
      okText="确定"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ decision: 'another_round' }}>
        <Form.Item name="decision" label="决定">
          <Radio.Group
            options={(['another_round', 'reassign'] as const).map((d) => ({ value: d, label: makeUpDecisionNames[d] }))}
          />
        </Form.Item>
        <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请写明理由' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Dialog = { kind: 'gate' } | { kind: 'makeUp'; gate: Gate } | { kind: 'decide'; makeUp: MakeUp } | null;

/** A plan's gates (准入考试) and its make-up list up to the director's decision. */
export function GatesPanel({ planId, canManage }: { planId: number; canManage: boolean }) {
  const user = useCurrentUser();
  const load = useCallback(() => fetchGates(planId), [planId]);
  const gates = useLoaded<PlanGates>(load, { gates: [], makeUps: [] });
  const [dialog, setDialog] = useState<Dialog>(null);
  const evaluate = useSubmit((gateId: number) => evaluateGate(gateId), {
    success: (r) => `新增补训 ${r.added} 人，补考通过 ${r.passed} 人，未通过 ${r.failed} 人`,
    onSuccess: gates.reload,
  });
  const done = () => {
    setDialog(null);
    gates.reload();
  };
  return (
    <Card
      size="small"
      title="准入考试与补训"
      extra={
        canManage && (
          <Button size="small" onClick={() => setDialog({ kind: 'gate' })}>
            设置准入考试
          </Button>
        )
      }
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={gates.data.gates}
        columns={[
          { title: '阶段', dataIndex: 'stage' },
          { title: '考试编号', dataIndex: 'examId' },
          { title: '通过', dataIndex: 'passed' },
          { title: '未通过', dataIndex: 'failed' },
          { title: '未出成绩', dataIndex: 'waiting' },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, g: Gate) =>
              canManage && (
                <Space size={0}>
                  <Button size="small" type="link" onClick={() => void evaluate.submit(g.id)}>
                    更新成绩
                  </Button>
                  <Button size="small" type="link" onClick={() => setDialog({ kind: 'makeUp', gate: g })}>
                    安排补训补考
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {gates.data.makeUps.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={gates.data.makeUps}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '阶段', dataIndex: 'stage' },
            { title: '轮次', dataIndex: 'round' },
            {
              title: '状态',
              key: 'status',
              render: (_: unknown, m: MakeUp) => (
                <Tag color={m.status === 'failed' ? 'red' : m.status === 'passed' ? 'green' : undefined}>
                  {makeUpStatusNames[m.status]}
                </Tag>
              ),
            },
            {
              title: '主任决定',
              key: 'decision',
              render: (_: unknown, m: MakeUp) =>
                m.decision ? (
                  `${makeUpDecisionNames[m.decision]}：${m.decisionReason ?? ''}`
                ) : m.status === 'failed' && hasPermission(user, 'training.decide') ? (
                  <Button size="small" type="link" onClick={() => setDialog({ kind: 'decide', makeUp: m })}>
                    决定
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      {dialog?.kind === 'gate' && <GateModal planId={planId} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'makeUp' && <MakeUpModal gate={dialog.gate} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'decide' && (
        <DecisionModal makeUp={dialog.makeUp} onClose={() => setDialog(null)} onSaved={done} />
      )}
    </Card>
  );
}

import { Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import type { DayOffPolicy, PlanInput, SessionRuleInput, TrainingArea, TrainingForm } from '../../../shared/training';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import {
  type Course,
  createPlan,
  fetchTargetOptions,
  generateSessions,
  listCourses,
  type TargetOptions,
  type TrainingPlanDetail,
  type TrainingSession,
  updateSession,
} from './training.api';
import { areaOptions } from './training-labels';

const noOptions: TargetOptions = { people: [], teams: [], orgUnits: [] };
const noCourses: Course[] = [];

interface PlanValues {
  title: string;
  form: TrainingForm;
  periodFrom: string;
  periodTo: string;
  teamIds?: number[];
  orgUnitIds?: number[];
  roles?: Array<'agent' | 'team_lead'>;
  userIds?: number[];
  description?: string;
}

/** 新建培训计划: title, form, period and the target group (teams, org units, roles or named people). */
export function PlanModal({ onClose, onSaved }: { onClose: () => void; onSaved: (plan: TrainingPlanDetail) => void }) {
  const options = useLoaded(fetchTargetOptions, noOptions);
  const [form] = Form.useForm<PlanValues>();
  const { submit, isSubmitting } = useSubmit(
    (v: PlanValues) => {
      const body: PlanInput = {
        title: v.title,
        form: v.form,
        periodFrom: v.periodFrom,
        periodTo: v.periodTo,
        description: v.description,
        target: {
          teamIds: v.teamIds ?? [],
          orgUnitIds: v.orgUnitIds ?? [],
          roles: v.roles ?? [],
          userIds: v.userIds ?? [],
        },
      };
      return createPlan(body);
    },
    { form, success: '培训计划已建立', onSuccess: onSaved },
  );
  return (
    <Modal
      open
      title="新建培训计划"
      okText="保存"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={{ form: 'internal' }}>
        <Form.Item name="title" label="计划名称" rules={[{ required: true, message: '请填写计划名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="form" label="培训形式">
          <Radio.Group
            options={[
              { value: 'internal', label: '内部培训' },
              { value: 'external', label: '外部培训' },
            ]}
          />
        </Form.Item>
        <Space>
          <Form.Item name="periodFrom" label="开始日期" rules={[{ required: true, message: '请填写开始日期' }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="periodTo" label="结束日期" rules={[{ required: true, message: '请填写结束日期' }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item name="teamIds" label="培训对象：班组">
          <Select mode="multiple" options={options.data.teams.map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
        <Form.Item name="orgUnitIds" label="培训对象：机构（含下级）">
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={options.data.orgUnits.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="roles" label="机构中的岗位（不选为坐席）">
          <Checkbox.Group
            options={[
              { value: 'agent', label: '坐席' },
              { value: 'team_lead', label: '班长' },
            ]}
          />
        </Form.Item>
        <Form.Item name="userIds" label="培训对象：指定人员">
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={options.data.people.map((p) => ({ value: p.id, label: `${p.name}（${p.orgUnitName}）` }))}
          />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RuleValues {
  startDate: string;
  weekdays: number[];
  weeks: number;
  startTime: string;
  endTime: string;
  hours?: number;
  dayOff: DayOffPolicy;
  courseIds?: number[];
  title?: string;
  area?: TrainingArea;
  stage?: string;
  location?: string;
}

const weekdayOptions = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({ value: i + 1, label: `周${d}` }));

/** 按规则生成课次: "every Wednesday 14:00–18:00 for 8 weeks", laid on the working-day calendar. */
export function RuleModal({ planId, onClose, onSaved }: { planId: number; onClose: () => void; onSaved: () => void }) {
  const courses = useLoaded(listCourses, noCourses);
  const [form] = Form.useForm<RuleValues>();
  const { submit, isSubmitting } = useSubmit(
    (v: RuleValues) => generateSessions(planId, { ...v, courseIds: v.courseIds ?? [] } satisfies SessionRuleInput),
    {
      form,
      success: (r) =>
        `已生成 ${r.created} 个课次${r.moved ? `，${r.moved} 个顺延` : ''}${r.flagged ? `，${r.flagged} 个落在休息日待确认` : ''}`,
      onSuccess: onSaved,
    },
  );
  return (
    <Modal
      open
      title="按规则生成课次"
      okText="生成"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ weekdays: [3], weeks: 8, startTime: '14:00', endTime: '18:00', dayOff: 'move' }}
      >
        <Space wrap>
          <Form.Item name="startDate" label="自哪天起" rules={[{ required: true, message: '请填写开始日期' }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="weeks" label="共几周" rules={[{ required: true }]}>
            <InputNumber min={1} max={52} />
          </Form.Item>
          <Form.Item name="startTime" label="开始时间" rules={[{ required: true }]}>
            <Input type="time" />
          </Form.Item>
          <Form.Item name="endTime" label="结束时间" rules={[{ required: true }]}>
            <Input type="time" />
          </Form.Item>
          <Form.Item name="hours" label="每次学时（默认按时长）">
            <InputNumber min={0.5} max={24} step={0.5} />
          </Form.Item>
        </Space>
        <Form.Item name="weekdays" label="每周" rules={[{ required: true, message: '请选择星期' }]}>
          <Checkbox.Group options={weekdayOptions} />
        </Form.Item>
        <Form.Item name="dayOff" label="遇节假日">
          <Radio.Group
            options={[
              { value: 'move', label: '顺延至下一个工作日' },
              { value: 'flag', label: '保留并标记待确认' },
            ]}
          />
        </Form.Item>
        <Form.Item name="courseIds" label="课程（依次轮换）">
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={courses.data.filter((c) => c.isActive).map((c) => ({ value: c.id, label: c.title }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="title" label="课次名称（不选课程时）">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="area" label="培训内容（不选课程时）">
            <Select options={areaOptions} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="stage" label="阶段（如 理论、实操）">
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="location" label="地点">
            <Input maxLength={100} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

interface SessionValues {
  date: string;
  startTime: string;
  endTime: string;
  location?: string;
}

/** 调整课次: another day or time (re-checked on the calendar) or place. */
export function SessionModal({
  planId,
  session,
  onClose,
  onSaved,
}: {
  planId: number;
  session: TrainingSession;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<SessionValues>();
  const { submit, isSubmitting } = useSubmit(
    (v: SessionValues) => updateSession(planId, session.id, { ...v, location: v.location || null }),
    { form, success: '课次已调整', onSuccess: onSaved },
  );
  return (
    <Modal
      open
      title={`调整课次：${session.title}`}
      okText="保存"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          date: session.date,
          startTime: session.startTime,
          endTime: session.endTime,
          location: session.location ?? '',
        }}
      >
        <Space wrap>
          <Form.Item name="date" label="日期" rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="startTime" label="开始时间" rules={[{ required: true }]}>
            <Input type="time" />
          </Form.Item>
          <Form.Item name="endTime" label="结束时间" rules={[{ required: true }]}>
            <Input type="time" />
          </Form.Item>
        </Space>
        <Form.Item name="location" label="地点">
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

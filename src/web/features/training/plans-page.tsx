import {
  Button,
  Card,
  Descriptions,
  Drawer,
  Popconfirm,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  type AttendanceStatus,
  attendanceStatuses,
  attendanceStatusNames,
  type FeedbackAverages,
  trainingAreaNames,
  trainingFormNames,
} from '../../../shared/training';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { AssessmentModal } from './assessment-modal';
import { GatesPanel } from './gates-panel';
import { PlanModal, RuleModal, SessionModal } from './plan-forms';
import {
  fetchAttendance,
  fetchPlan,
  listMakeUps,
  listPlans,
  type MakeUp,
  recordAttendance,
  registerExportUrl,
  type SessionAttendance,
  type TrainingPlan,
  type TrainingPlanDetail,
  type TrainingSession,
  updateSession,
} from './training.api';

const noPlans: TrainingPlan[] = [];
type SessionRow = TrainingPlanDetail['sessions'][number];

function FeedbackCell({ feedback }: { feedback: FeedbackAverages }) {
  if (feedback.responses === 0) return <Typography.Text type="secondary">暂无评价</Typography.Text>;
  return (
    <Tooltip title={`共 ${feedback.responses} 份问卷`}>
      内容 {feedback.content} · 讲师 {feedback.lecturer} · 实用 {feedback.usefulness}
    </Tooltip>
  );
}

/** A session's register: the sign-in code, and each participant's attendance, set by the lecturer or a team lead. */
function AttendanceDrawer({ sessionId, onClose }: { sessionId: number; onClose: () => void }) {
  const load = useCallback(() => fetchAttendance(sessionId), [sessionId]);
  const attendance = useLoaded<SessionAttendance | null>(load, null);
  const record = useSubmit(
    (userId: number, status: AttendanceStatus) => recordAttendance(sessionId, { userId, status }),
    { success: '已登记', onSuccess: (r) => attendance.setData(r) },
  );
  const data = attendance.data;
  return (
    <Drawer
      open
      width={640}
      title={data ? `签到：${data.session.date} ${data.session.title}` : '签到'}
      onClose={onClose}
    >
      {data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Statistic title="签到码（开课前 30 分钟至下课有效）" value={data.signInCode} />
          <Table
            size="small"
            rowKey="userId"
            pagination={false}
            dataSource={data.rows}
            columns={[
              { title: '姓名', dataIndex: 'name' },
              { title: '单位', dataIndex: 'orgUnitName' },
              {
                title: '出勤',
                key: 'status',
                render: (_: unknown, r: SessionAttendance['rows'][number]) => (
                  <Select
                    size="small"
                    style={{ width: 110 }}
                    value={r.status ?? undefined}
                    placeholder={data.hasEnded ? '缺勤（未登记）' : '未登记'}
                    options={attendanceStatuses.map((s) => ({ value: s, label: attendanceStatusNames[s] }))}
                    onChange={(status: AttendanceStatus) => void record.submit(r.userId, status)}
                  />
                ),
              },
              {
                title: '方式',
                key: 'method',
                render: (_: unknown, r: SessionAttendance['rows'][number]) => methodName(r.method),
              },
              { title: '备注', dataIndex: 'note' },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

const methodName = (method: string | null) =>
  method === 'code' ? '签到码' : method === 'leave_request' ? '本人请假' : method === 'manager' ? '讲师/班长登记' : '';

function PlanDetail({ planId, onBack }: { planId: number; onBack: () => void }) {
  const load = useCallback(() => fetchPlan(planId), [planId]);
  const plan = useLoaded<TrainingPlanDetail | null>(load, null);
  const [isGenerating, setIsGenerating] = useState(false);
  const [editing, setEditing] = useState<TrainingSession | null>(null);
  const [registerOf, setRegisterOf] = useState<number | null>(null);
  const [scoring, setScoring] = useState<TrainingSession | null>(null);
  const cancel = useSubmit((s: TrainingSession) => updateSession(planId, s.id, { status: 'cancelled' }), {
    success: '课次已取消',
    onSuccess: plan.reload,
  });
  const confirm = useSubmit((s: TrainingSession) => updateSession(planId, s.id, { isFlagged: false }), {
    success: '已确认',
    onSuccess: plan.reload,
  });
  const p = plan.data;
  if (!p) return <Card loading />;
  return (
    <Card
      title={p.title}
      extra={
        <Space>
          <Button onClick={onBack}>返回列表</Button>
          {p.canManage && (
            <>
              <Button type="primary" onClick={() => setIsGenerating(true)}>
                按规则生成课次
              </Button>
              <Button href={registerExportUrl(p.id)}>导出签到表</Button>
            </>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={3}>
        <Descriptions.Item label="培训形式">{trainingFormNames[p.form]}</Descriptions.Item>
        <Descriptions.Item label="计划期间">
          {p.periodFrom} 至 {p.periodTo}
        </Descriptions.Item>
        <Descriptions.Item label="制定单位">{p.orgUnitName}</Descriptions.Item>
        <Descriptions.Item label="培训对象" span={2}>
          {p.participants.map((x) => x.name).join('、')}（{p.participants.length} 人）
        </Descriptions.Item>
        <Descriptions.Item label="评价均分">
          <FeedbackCell feedback={p.feedback} />
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="id"
        dataSource={p.sessions}
        pagination={false}
        columns={[
          { title: '日期', dataIndex: 'date' },
          { title: '时间', key: 'time', render: (_: unknown, s: SessionRow) => `${s.startTime}–${s.endTime}` },
          {
            title: '课次',
            key: 'title',
            render: (_: unknown, s: SessionRow) => (
              <Space>
                {s.title}
                {s.isMakeUp && <Tag color="orange">补训</Tag>}
                {s.stage && <Tag>{s.stage}</Tag>}
              </Space>
            ),
          },
          { title: '培训内容', key: 'area', render: (_: unknown, s: SessionRow) => trainingAreaNames[s.area] },
          { title: '学时', dataIndex: 'hours' },
          { title: '授课人', key: 'lecturer', render: (_: unknown, s: SessionRow) => s.lecturer?.name ?? '' },
          { title: '地点', dataIndex: 'location' },
          {
            title: '日历',
            key: 'dayOff',
            render: (_: unknown, s: SessionRow) =>
              s.dayOffNote ? (
                <Tooltip title={s.dayOffNote}>
                  <Tag color={s.isFlagged ? 'red' : 'blue'}>{s.isFlagged ? '休息日待确认' : '已顺延'}</Tag>
                </Tooltip>
              ) : null,
          },
          {
            title: '评价',
            key: 'feedback',
            render: (_: unknown, s: SessionRow) => <FeedbackCell feedback={s.feedback} />,
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, s: SessionRow) =>
              s.status === 'cancelled' ? (
                <Tag>已取消</Tag>
              ) : (
                <Space size={0}>
                  <Button size="small" type="link" onClick={() => setRegisterOf(s.id)}>
                    签到
                  </Button>
                  <Button size="small" type="link" onClick={() => setScoring(s)}>
                    实操评分
                  </Button>
                  {p.canManage && (
                    <>
                      <Button size="small" type="link" onClick={() => setEditing(s)}>
                        调整
                      </Button>
                      {s.isFlagged && (
                        <Button size="small" type="link" onClick={() => void confirm.submit(s)}>
                          确认
                        </Button>
                      )}
                      <Popconfirm title="取消这个课次？" onConfirm={() => cancel.submit(s)}>
                        <Button size="small" type="link" danger>
                          取消
                        </Button>
                      </Popconfirm>
                    </>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {isGenerating && (
        <RuleModal
          planId={p.id}
          onClose={() => setIsGenerating(false)}
          onSaved={() => {
            setIsGenerating(false);
            plan.reload();
          }}
        />
      )}
      {editing && (
        <SessionModal
          planId={p.id}
          session={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            plan.reload();
          }}
        />
      )}
      {registerOf !== null && <AttendanceDrawer sessionId={registerOf} onClose={() => setRegisterOf(null)} />}
      {scoring && <AssessmentModal session={scoring} onClose={() => setScoring(null)} />}
      <GatesPanel planId={p.id} canManage={p.canManage} />
    </Card>
  );
}

const noMakeUps: MakeUp[] = [];
const listDirectorsList = () => listMakeUps('failed');

/** The director's list: people who failed a make-up exam too, waiting for a decision in their plan. */
function DirectorsList({ onOpen }: { onOpen: (planId: number) => void }) {
  const list = useLoaded(listDirectorsList, noMakeUps);
  if (list.data.length === 0) return null;
  return (
    <Card size="small" title="补考仍未通过，待主任决定">
      <Space wrap>
        {list.data.map((m) => (
          <Button key={m.id} size="small" onClick={() => onOpen(m.planId)}>
            {m.name} · {m.planTitle} · {m.stage} · 第 {m.round} 轮
          </Button>
        ))}
      </Space>
    </Card>
  );
}

/** 培训计划: the plans of the user's scope, and one plan with its sessions (`?id=`). */
export function PlansPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const plans = useLoaded(listPlans, noPlans);
  const [isCreating, setIsCreating] = useState(false);
  const openId = params.get('id') ? Number(params.get('id')) : null;
  if (openId) return <PlanDetail planId={openId} onBack={() => setParams({})} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {hasPermission(user, 'training.decide') && <DirectorsList onOpen={(id) => setParams({ id: String(id) })} />}
      <Card
        title="培训计划"
        extra={
          hasPermission(user, 'training.manage') && (
            <Button type="primary" onClick={() => setIsCreating(true)}>
              新建培训计划
            </Button>
          )
        }
      >
        <Table
          size="small"
          rowKey="id"
          loading={plans.isLoading}
          dataSource={plans.data}
          onRow={(p) => ({ onClick: () => setParams({ id: String(p.id) }), style: { cursor: 'pointer' } })}
          columns={[
            { title: '计划', dataIndex: 'title' },
            { title: '形式', key: 'form', render: (_: unknown, p: TrainingPlan) => trainingFormNames[p.form] },
            {
              title: '期间',
              key: 'period',
              render: (_: unknown, p: TrainingPlan) => `${p.periodFrom} 至 ${p.periodTo}`,
            },
            { title: '培训对象', dataIndex: 'participantCount', render: (n: number) => `${n} 人` },
            { title: '课次', dataIndex: 'sessionCount' },
            { title: '制定单位', dataIndex: 'orgUnitName' },
          ]}
        />
        {isCreating && (
          <PlanModal
            onClose={() => setIsCreating(false)}
            onSaved={(created) => {
              setIsCreating(false);
              setParams({ id: String(created.id) });
            }}
          />
        )}
      </Card>
    </Space>
  );
}

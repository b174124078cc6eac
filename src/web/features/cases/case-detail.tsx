import { ArrowLeftOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Modal,
  Popconfirm,
  Result,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { caseCategoryNames, caseSourceNames, caseStepNames, extensionStatusNames } from '../../../shared/cases';
import type { ApiError } from '../../api';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { CaseActionModal } from './case-action-modal';
import { formatDeadline, formatMinute } from './case-dates';
import { CategoryTag, DecisionTag, DueTag, StepTag } from './case-tags';
import { CaseTimeline } from './case-timeline';
import {
  attachmentUrl,
  type CaseDetail as CaseDetailData,
  claimCase,
  type Extension,
  fetchCase,
  fetchStoredProcess,
  listAssignees,
  type OfferedAction,
  type Person,
  type ProcessDefinition,
  reassignCase,
  releaseCase,
  revealReporter,
  uploadAttachment,
  withdrawAttachment,
} from './cases.api';
import { ProcessDiagram } from './process-diagram';

const noPeople: Array<Person & { orgUnitName: string }> = [];

function ReassignModal({
  detail,
  onClose,
  onDone,
}: {
  detail: CaseDetailData;
  onClose: () => void;
  onDone: (d: CaseDetailData) => void;
}) {
  const loadPeople = useCallback(() => listAssignees(detail.id), [detail.id]);
  const { data: people } = useLoaded(loadPeople, noPeople);
  const [chosen, setChosen] = useState<number | undefined>();
  const { submit: reassign, isSubmitting: isSaving } = useSubmit(reassignCase, { onSuccess: onDone });
  return (
    <Modal
      open
      title={`改派 · ${detail.caseNo}`}
      okText="改派"
      okButtonProps={{ disabled: chosen === undefined }}
      confirmLoading={isSaving}
      onCancel={onClose}
      onOk={() => {
        if (chosen !== undefined) void reassign(detail.id, chosen);
      }}
    >
      <Select
        aria-label="改派给"
        style={{ width: '100%' }}
        placeholder="选择可办理当前环节的人员"
        value={chosen}
        onChange={setChosen}
        options={people.map((p) => ({ value: p.id, label: `${p.name}（${p.orgUnitName}）` }))}
      />
    </Modal>
  );
}

const extensionColumns = [
  { title: '申请时间', dataIndex: 'requestedAt', render: (v: string) => formatMinute(v) },
  { title: '申请人', dataIndex: 'requestedByName' },
  { title: '延期', dataIndex: 'workingDays', render: (v: number) => `${v} 个工作日` },
  { title: '理由', dataIndex: 'reason' },
  {
    title: '状态',
    dataIndex: 'status',
    render: (v: Extension['status']) => (
      <Tag color={v === 'approved' ? 'green' : v === 'denied' ? 'red' : 'gold'}>{extensionStatusNames[v]}</Tag>
    ),
  },
  {
    title: '办理期限',
    key: 'due',
    render: (_: unknown, x: Extension) =>
      x.dueAfter ? `${formatDeadline(x.dueBefore)} → ${formatDeadline(x.dueAfter)}` : formatDeadline(x.dueBefore),
  },
  { title: '审批人', dataIndex: 'decidedByName', render: (v: string | null) => v ?? '—' },
  { title: '审批意见', dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
];

/** A case that does not exist or is out of the user's sight: shown as a result page, not a toast. */
const isNotVisible = (error: ApiError) => error.status === 404 || error.status === 403;

/** The case page: where it stands on its process, what it is about, what can be done now, and its whole history. */
export function CaseDetail({ id }: { id: number }) {
  const { message } = App.useApp();
  const loadCase = useCallback(() => fetchCase(id), [id]);
  const {
    data: detail,
    setData: setDetail,
    failure,
    reload,
  } = useLoaded(loadCase, null as CaseDetailData | null, { isExpected: isNotVisible });
  const processId = detail?.process.id;
  const loadDefinition = useCallback(
    async () => (processId === undefined ? null : fetchStoredProcess(processId)),
    [processId],
  );
  const { data: definition } = useLoaded(loadDefinition, null as ProcessDefinition | null);
  const [reporter, setReporter] = useState<{ reporterName: string | null; reporterPhone: string | null } | null>(null);
  const [acting, setActing] = useState<OfferedAction | null>(null);
  const [isReassigning, setIsReassigning] = useState(false);
  const { submit: run, isSubmitting: isBusy } = useSubmit(
    async (work: () => Promise<CaseDetailData>, done: string) => {
      setDetail(await work());
      return done;
    },
    { success: (done) => done, onError: reload },
  );
  const { submit: reveal } = useSubmit(() => revealReporter(id), {
    onSuccess: (revealed) => {
      setReporter(revealed);
      reload();
    },
  });
  const { submit: withdraw } = useSubmit(
    async (attachmentId: number, fileName: string) => {
      await withdrawAttachment(id, attachmentId);
      return fileName;
    },
    { success: (fileName) => `已撤回 ${fileName}`, onSuccess: reload, onError: reload },
  );
  const { submit: upload } = useSubmit((file: File) => uploadAttachment(id, file), {
    success: (saved) => `已上传 ${saved.fileName}`,
    onSuccess: reload,
  });

  const taken = useMemo(
    () =>
      new Set(
        (detail?.history ?? [])
          .filter((h) => h.fromStep && h.toStep && h.fromStep !== h.toStep)
          .map((h) => `${h.fromStep}>${h.toStep}`),
      ),
    [detail],
  );

  if (failure) {
    return (
      <Result
        status="404"
        title={failure.message}
        extra={
          <Link to="/cases">
            <Button>返回案件查询</Button>
          </Link>
        }
      />
    );
  }
  if (!detail) return <Skeleton active />;

  const reporterItems: DescriptionsProps['items'] = detail.named
    ? [
        {
          key: 'reporterName',
          label: detail.category === 'report' ? '举报人' : '投诉人',
          children: (
            <Space>
              <span data-testid="reporter-name">{reporter?.reporterName ?? detail.reporterName}</span>
              {detail.canRevealReporter && !reporter && (
                <Popconfirm
                  title="查看举报人信息"
                  description="查看将被记录在案件历史和审计日志中。"
                  okText="查看"
                  onConfirm={() => void reveal()}
                >
                  <Button size="small" icon={<EyeOutlined />}>
                    查看
                  </Button>
                </Popconfirm>
              )}
            </Space>
          ),
        },
        {
          key: 'reporterPhone',
          label: '联系电话',
          children: <span data-testid="reporter-phone">{reporter?.reporterPhone ?? detail.reporterPhone ?? '—'}</span>,
        },
      ]
    : [{ key: 'reporterName', label: '投诉举报人', children: '匿名' }];

  const items: DescriptionsProps['items'] = [
    { key: 'category', label: '业务类别', children: caseCategoryNames[detail.category] },
    { key: 'source', label: '受理方式', children: caseSourceNames[detail.source] },
    ...reporterItems,
    { key: 'subject', label: '被投诉举报对象', children: detail.subjectName },
    ...(detail.complaintType
      ? [{ key: 'type', label: '投诉类型', children: detail.complaintTypeName ?? detail.complaintType }]
      : []),
    {
      key: 'content',
      label: '内容',
      span: 'filled' as const,
      children: <span style={{ whiteSpace: 'pre-wrap' }}>{detail.content}</span>,
    },
    { key: 'org', label: '所属税务机关', children: detail.orgUnit.name },
    { key: 'registered', label: '登记', children: `${detail.registeredBy.name} ${formatMinute(detail.registeredAt)}` },
    {
      key: 'due',
      label: '办理期限',
      children: (
        <Space>
          {formatDeadline(detail.dueAt)}
          {detail.isOverdue && <Tag color="red">已超期</Tag>}
        </Space>
      ),
    },
    {
      key: 'stepDue',
      label: '本环节时限',
      children: (
        <Space>
          {formatDeadline(detail.stepDueAt)}
          {detail.isStepOverdue && <Tag color="red">环节超期</Tag>}
        </Space>
      ),
    },
    {
      key: 'holder',
      label: '签收人',
      children: detail.holder
        ? `${detail.holder.name}（${formatMinute(detail.claimedAt)} 签收）`
        : detail.step === 'closed'
          ? '—（已办结）'
          : '待签收',
    },
    ...(detail.classification
      ? [{ key: 'class', label: '三级分类', children: detail.classification.map((c) => c.name).join(' / ') }]
      : []),
    ...(detail.rejectionReason ? [{ key: 'reject', label: '不受理原因', children: detail.rejectionReason }] : []),
    ...(detail.forwardOrgUnit ? [{ key: 'forward', label: '拟转往', children: detail.forwardOrgUnit.name }] : []),
    ...(detail.result ? [{ key: 'result', label: '调查结果', children: detail.result }] : []),
    { key: 'process', label: '流程', children: `${detail.process.name}（第 ${detail.process.version} 版）` },
  ];

  const pending = detail.extensions.find((x) => x.status === 'pending');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/cases" aria-label="返回案件查询">
              <ArrowLeftOutlined />
            </Link>
            <span>{detail.caseNo}</span>
            <CategoryTag category={detail.category} />
            <StepTag step={detail.step} />
            <DecisionTag decision={detail.decision} />
            {detail.needsAcceptance && detail.step === 'investigation' && <Tag color="gold">待本机关受理</Tag>}
            <DueTag state={detail.dueState} />
          </Space>
        }
        extra={
          <Space wrap>
            {detail.canClaim && (
              <Button type="primary" loading={isBusy} onClick={() => void run(() => claimCase(detail.id), '已签收')}>
                签收
              </Button>
            )}
            {detail.availableActions.map((a) => (
              <Button key={a.action} type={a.to ? 'primary' : 'default'} ghost={!!a.to} onClick={() => setActing(a)}>
                {a.name}
              </Button>
            ))}
            {detail.canRelease && (
              <Popconfirm
                title={`将案件退回“${caseStepNames[detail.step]}”待办？`}
                onConfirm={() => void run(() => releaseCase(detail.id), '已退回待办')}
              >
                <Button loading={isBusy}>{detail.isMine ? '退回待办' : '收回'}</Button>
              </Popconfirm>
            )}
            {detail.canReassign && <Button onClick={() => setIsReassigning(true)}>改派</Button>}
          </Space>
        }
      >
        {detail.step !== 'closed' && detail.holder && !detail.isMine && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={`该案件由${detail.holder.name}签收办理中。`}
          />
        )}
        {pending && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={`延期申请待领导审批：${pending.workingDays} 个工作日（${pending.reason}）。审批期间调查时限照常计算。`}
          />
        )}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} />
      </Card>
      <Card title="流程" size="small">
        {definition ? <ProcessDiagram definition={definition} current={detail.step} taken={taken} /> : <Skeleton />}
      </Card>
      {detail.extensions.length > 0 && (
        <Card title="延期申请" size="small">
          <Table<Extension>
            rowKey="id"
            size="small"
            pagination={false}
            columns={extensionColumns}
            dataSource={detail.extensions}
          />
        </Card>
      )}
      <Card
        title="附件"
        size="small"
        extra={
          detail.canAttach && (
            <Upload
              showUploadList={false}
              accept=".jpg,.jpeg,.png,.gif,.webp,.bmp,.tif,.tiff,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"
              customRequest={({ file }) => void upload(file as File)}
            >
              <Button size="small" icon={<UploadOutlined />}>
                上传附件
              </Button>
            </Upload>
          )
        }
      >
        {detail.attachments.length === 0 ? (
          <Typography.Text type="secondary">无附件（可上传图片、PDF 或 Office 文档，单个不超过 10 MB）</Typography.Text>
        ) : (
          <Space direction="vertical">
            {detail.attachments.map((f) => (
              <Space key={f.id}>
                <a href={attachmentUrl(detail.id, f.id)} download={f.fileName}>
                  {f.fileName}
                </a>
                <Typography.Text type="secondary">
                  {(f.size / 1024).toFixed(1)} KB · {f.uploadedByName} · {formatMinute(f.uploadedAt)}
                </Typography.Text>
                {f.canWithdraw && (
                  <Popconfirm
                    title={`撤回附件“${f.fileName}”？`}
                    okText="撤回"
                    cancelText="取消"
                    onConfirm={() => withdraw(f.id, f.fileName)}
                  >
                    <Button size="small" type="link" danger>
                      撤回
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ))}
          </Space>
        )}
      </Card>
      <Card title="办理历史" size="small">
        <CaseTimeline
          history={detail.history}
          optionNames={
            detail.complaintType && detail.complaintTypeName ? { [detail.complaintType]: detail.complaintTypeName } : {}
          }
        />
      </Card>
      {acting && (
        <CaseActionModal
          detail={detail}
          offered={acting}
          onClose={() => setActing(null)}
          onDone={(after) => {
            setActing(null);
            setDetail(after);
          }}
        />
      )}
      {isReassigning && (
        <ReassignModal
          detail={detail}
          onClose={() => setIsReassigning(false)}
          onDone={(after) => {
            setIsReassigning(false);
            setDetail(after);
            void message.success('已改派');
          }}
        />
      )}
    </Space>
  );
}

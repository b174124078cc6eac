import { DownloadOutlined, FileAddOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Space,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  type BulletinFormat,
  type BulletinRemarksInput,
  type BulletinStatus,
  bulletinSectionNames,
  bulletinSections,
  bulletinStatusNames,
  MAX_REMARK_LENGTH,
  monthPattern,
} from '../../../shared/bulletin';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime, SHANGHAI } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import {
  type BulletinVersion,
  generateBulletinDraft,
  listBulletins,
  monthFileUrl,
  publishBulletin,
  saveBulletinRemarks,
  versionFileUrl,
} from './bulletin.api';

const statusColors: Record<BulletinStatus, string> = { draft: 'orange', published: 'green', superseded: 'default' };

/** Last month in Shanghai: the bulletin people usually work on. */
const lastMonth = () => dayjs().tz(SHANGHAI).subtract(1, 'month').format('YYYY-MM');

function StatusTag({ status }: { status: BulletinStatus }) {
  return <Tag color={statusColors[status]}>{bulletinStatusNames[status]}</Tag>;
}

function Downloads({ id }: { id: number }) {
  return (
    <Space size="small">
      <Button size="small" icon={<DownloadOutlined />} href={versionFileUrl(id, 'docx')}>
        Word
      </Button>
      <Button size="small" icon={<DownloadOutlined />} href={versionFileUrl(id, 'pdf')}>
        PDF
      </Button>
    </Space>
  );
}

type RemarksForm = { foreword?: string } & Partial<Record<(typeof bulletinSections)[number], string>>;

function toRemarksInput(values: RemarksForm): BulletinRemarksInput {
  return {
    foreword: values.foreword ?? '',
    sections: Object.fromEntries(bulletinSections.map((s) => [s, values[s] ?? ''])),
  };
}

/** The remarks editor of a draft: 编者按 and a remark per section, then publish. */
function DraftEditor({
  draft,
  isLatest,
  onChanged,
}: {
  draft: BulletinVersion;
  isLatest: boolean;
  onChanged: (version: BulletinVersion) => void;
}) {
  const [form] = Form.useForm<RemarksForm>();

  useEffect(() => {
    form.setFieldsValue({ foreword: draft.remarks.foreword, ...draft.remarks.sections });
  }, [draft, form]);

  const saveRemarks = () => saveBulletinRemarks(draft.id, toRemarksInput(form.getFieldsValue()));
  const { submit: save, isSubmitting: isSaving } = useSubmit(saveRemarks, { form, onSuccess: onChanged });
  // Remarks typed since the last save are saved first: what is published is what the form shows.
  const { submit: publish, isSubmitting: isPublishing } = useSubmit(
    async () => {
      let version = draft;
      if (form.isFieldsTouched()) {
        version = await saveRemarks();
        onChanged(version);
      }
      onChanged(await publishBulletin(version.id));
    },
    { form },
  );

  return (
    <Card
      title={`编辑按语：${draft.issue} 第 ${draft.version} 版`}
      extra={
        <Space>
          <Button icon={<SaveOutlined />} loading={isSaving} onClick={() => void save()}>
            保存按语
          </Button>
          <Popconfirm
            title="发布后不能再修改，确定发布？"
            okText="发布"
            cancelText="取消"
            onConfirm={() => void publish()}
            disabled={!isLatest}
          >
            <Button type="primary" icon={<SendOutlined />} loading={isPublishing} disabled={!isLatest}>
              发布
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      {!isLatest && <Alert type="warning" showIcon message="已有更新的版本，只能发布最新版本" />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {draft.summary}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" aria-label="按语">
        <Form.Item name="foreword" label="编者按">
          <Input.TextArea rows={3} maxLength={MAX_REMARK_LENGTH} showCount placeholder="印在本月概况之前（纯文本）" />
        </Form.Item>
        {bulletinSections.map((section) => (
          <Form.Item key={section} name={section} label={`${bulletinSectionNames[section]}按语`}>
            <Input.TextArea rows={2} maxLength={MAX_REMARK_LENGTH} showCount />
          </Form.Item>
        ))}
      </Form>
    </Card>
  );
}

const noVersions: BulletinVersion[] = [];

/** 信息专报: pick a month, generate a draft, add remarks, publish; every version stays downloadable. */
export function BulletinPage() {
  const user = useCurrentUser();
  const canManage = hasPermission(user, 'bulletins.manage');
  const [params, setParams] = useSearchParams();
  const paramMonth = params.get('month');
  const month = paramMonth && monthPattern.test(paramMonth) ? paramMonth : lastMonth();
  const { data: versions, setData: setVersions, isLoading, reload } = useLoaded(listBulletins, noVersions);

  const ofMonth = useMemo(() => versions.filter((v) => v.month === month), [versions, month]);
  const latest = ofMonth[0];
  const draft = ofMonth.find((v) => v.status === 'draft');
  const published = useMemo(() => versions.filter((v) => v.status === 'published'), [versions]);

  // The header's download: the month's published version, else its latest saved one, else a preview.
  const shown = ofMonth.find((v) => v.status === 'published') ?? latest;
  const fileOf = (format: BulletinFormat) => (shown ? versionFileUrl(shown.id, format) : monthFileUrl(month, format));
  const downloadTitle = shown ? `第 ${shown.version} 版` : '按当前数据生成的预览';

  const pickMonth = (value: Dayjs | null) => {
    if (value) setParams({ month: value.format('YYYY-MM') });
  };

  const { submit: generate, isSubmitting: isGenerating } = useSubmit(() => generateBulletinDraft(month), {
    onSuccess: reload,
  });

  const replace = (changed: BulletinVersion) => {
    // Publishing supersedes the month's earlier published version: reload rather than patch.
    if (changed.status === 'published') reload();
    else setVersions((all) => all.map((v) => (v.id === changed.id ? changed : v)));
  };

  const columns: TableProps<BulletinVersion>['columns'] = [
    { title: '期号', dataIndex: 'issue', width: 140 },
    { title: '版本', dataIndex: 'version', width: 70, render: (v: number) => `第 ${v} 版` },
    { title: '状态', dataIndex: 'status', width: 130, render: (s: BulletinStatus) => <StatusTag status={s} /> },
    {
      title: '生成',
      key: 'generated',
      render: (_: unknown, v) => `${formatDateTime(v.generatedAt)} ${v.generatedBy ?? '定时任务'}`,
    },
    {
      title: '发布',
      key: 'published',
      render: (_: unknown, v) => (v.publishedAt ? `${formatDateTime(v.publishedAt)} ${v.publishedBy ?? ''}` : '—'),
    },
    { title: '下载', key: 'download', width: 200, render: (_: unknown, v) => <Downloads id={v.id} /> },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title="信息专报"
        extra={
          <Space wrap>
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${month}-01`)}
              onChange={pickMonth}
              disabledDate={(d) => d.isAfter(dayjs().tz(SHANGHAI), 'month')}
              aria-label="月份"
            />
            {canManage && (
              <Button type="primary" icon={<FileAddOutlined />} loading={isGenerating} onClick={() => void generate()}>
                生成草稿
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href={fileOf('docx')} title={downloadTitle}>
              下载 Word
            </Button>
            <Button icon={<DownloadOutlined />} href={fileOf('pdf')} title={downloadTitle}>
              下载 PDF
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          “下载”给出本月已发布的版本；尚未发布时给出最新保存的版本；本月还没有版本时，按当前数据生成草稿预览。生成草稿会新增一个版本，并沿用上一版本的按语。
        </Typography.Paragraph>
        <Table<BulletinVersion>
          rowKey="id"
          size="small"
          loading={isLoading}
          columns={columns}
          dataSource={ofMonth}
          pagination={false}
          locale={{ emptyText: <Empty description="本月尚无信息专报版本" /> }}
        />
      </Card>
      {canManage && draft && latest && (
        <DraftEditor draft={draft} isLatest={draft.id === latest.id} onChanged={replace} />
      )}
      <Card title="已发布的信息专报">
        <Table<BulletinVersion>
          rowKey="id"
          size="small"
          loading={isLoading}
          columns={columns.filter((c) => c.key !== 'generated')}
          dataSource={published}
          pagination={{ pageSize: 12 }}
          onRow={(v) => ({ onDoubleClick: () => setParams({ month: v.month }) })}
        />
      </Card>
    </Flex>
  );
}

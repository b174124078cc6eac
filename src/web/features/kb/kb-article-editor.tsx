import { UploadOutlined, WarningOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  TreeSelect,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import {
  type ArticleInput,
  type Category,
  kbApi,
  type ManagedArticle,
  type Reference,
  uploadAttachment,
  type VersionDiff,
} from './kb.api';
import { StatusTag, ValidityTag, validityNames } from './kb-tags';
import { RichTextEditor } from './rich-text-editor';

interface FormValues extends Omit<ArticleInput, 'issuedOn' | 'effectiveOn' | 'expiresOn'> {
  issuedOn: Dayjs | null;
  effectiveOn: Dayjs | null;
  expiresOn: Dayjs | null;
}

const day = (value: string | null) => (value ? dayjs(value) : null);
const text = (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : null);

/** What the form holds, as the server takes it (empty texts as null, missing lists as empty). */
function toArticleInput(values: FormValues): ArticleInput {
  return {
    ...values,
    categoryId: values.categoryId ?? null,
    question: values.question || null,
    region: values.region || null,
    issuer: values.issuer || null,
    documentNumber: values.documentNumber || null,
    validityNote: values.validityNote || null,
    sourceUrl: values.sourceUrl || null,
    keywords: values.keywords ?? [],
    taxKinds: values.taxKinds ?? [],
    industries: values.industries ?? [],
    taxpayerTypes: values.taxpayerTypes ?? [],
    relatedIds: values.relatedIds ?? [],
    issuedOn: text(values.issuedOn),
    effectiveOn: text(values.effectiveOn),
    expiresOn: text(values.expiresOn),
  };
}

type Transition = 'submit' | 'return' | 'publish' | 'archive' | 'restore';

const transitionDone: Record<Transition, string> = {
  submit: '已提交审核',
  return: '已退回修改',
  publish: '已发布',
  archive: '已下架',
  restore: '已恢复为草稿',
};

interface CategoryOption {
  value: number;
  title: string;
  children: CategoryOption[];
}

function categoryTreeData(categories: readonly Category[], parentId: number | null): CategoryOption[] {
  return categories
    .filter((c) => c.parentId === parentId)
    .map((c) => ({ value: c.id, title: c.name, children: categoryTreeData(categories, c.id) }));
}

function DiffView({ diff }: { diff: VersionDiff }) {
  const parts = (items: VersionDiff['body']) =>
    items.map((p, i) => (
      <span
        // biome-ignore lint/suspicious/noArrayIndexKey: diff parts have no identity beyond their order.
        key={i}
        style={
          p.added
            ? { background: '#d9f7be' }
            : p.removed
              ? { background: '#ffccc7', textDecoration: 'line-through' }
              : undefined
        }
      >
        {p.value}
      </span>
    ));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>标题</Typography.Text>
      <div>{parts(diff.title)}</div>
      <Typography.Text strong>正文</Typography.Text>
      <div className="kb-diff-body" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>
        {parts(diff.body)}
      </div>
      {diff.fields.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={diff.fields}
          columns={[
            { title: '字段', dataIndex: 'field' },
            { title: `第 ${diff.from} 版`, render: (_, r) => JSON.stringify(r.before) },
            { title: `第 ${diff.to} 版`, render: (_, r) => JSON.stringify(r.after) },
          ]}
        />
      )}
    </Space>
  );
}

/**
 * Writing and reviewing an article: the form, the lifecycle buttons the user may press in the
 * article's state, versions with their differences, attachments, and the citation review flag.
 * `id` null creates a new draft.
 */
export function KbArticleEditor({
  id,
  reference,
  categories,
  onSaved,
}: {
  id: number | null;
  reference: Reference;
  categories: Category[];
  onSaved: (id: number) => void;
}) {
  const user = useCurrentUser();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const loadArticle = useCallback(async () => (id === null ? null : kbApi.manageArticle(id)), [id]);
  const loaded = useLoaded(loadArticle, null as ManagedArticle | null);
  const { reload } = loaded;
  // Until the article of a new id has come, the previous one is not shown.
  const article = loaded.data?.id === id ? loaded.data : null;
  const [relatedOptions, setRelatedOptions] = useState<Array<{ value: number; label: string }>>([]);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const canPublish = hasPermission(user, 'kb.publish');

  // Before the browser paints: the form never shows (nor takes typing into) empty fields of a loaded article.
  useLayoutEffect(() => {
    if (id === null) {
      form.resetFields();
      form.setFieldsValue({ library: 'faq', validity: 'in_force', isPublic: true, keywords: [], relatedIds: [] });
      return;
    }
    if (!article) return;
    setRelatedOptions(article.related.map((r) => ({ value: r.id, label: r.title })));
    form.setFieldsValue({
      ...article,
      library: article.libraryCode,
      relatedIds: article.related.map((r) => r.id),
      issuedOn: day(article.issuedOn),
      effectiveOn: day(article.effectiveOn),
      expiresOn: day(article.expiresOn),
    });
  }, [article, form, id]);

  const treeData = useMemo(() => categoryTreeData(categories, null), [categories]);

  const { submit: act, isSubmitting: isActing } = useSubmit(
    async (articleId: number, action: Transition, note?: string) => {
      await kbApi.transition(articleId, action, note);
      return { articleId, action };
    },
    {
      success: ({ action }) => transitionDone[action],
      onSuccess: ({ articleId }) => {
        reload();
        onSaved(articleId);
      },
    },
  );
  const { submit: saveValues, isSubmitting: isSaving } = useSubmit(
    async (values: FormValues, thenSubmit: boolean) => {
      const input = toArticleInput(values);
      const saved = id === null ? await kbApi.createArticle(input) : await kbApi.updateArticle(id, input);
      return { savedId: saved.id, thenSubmit };
    },
    {
      form,
      success: '已保存为草稿',
      onSuccess: ({ savedId, thenSubmit }) => {
        onSaved(savedId);
        if (thenSubmit) void act(savedId, 'submit');
      },
    },
  );
  const isBusy = isSaving || isActing;
  /** Saves the form as a draft once it is valid (and then submits it for review). */
  const save = async (thenSubmit = false) => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    await saveValues(values, thenSubmit);
  };

  /** Moves the saved article on in its lifecycle (the buttons show only once it is saved). */
  const transition = (action: Transition) => {
    if (id !== null) void act(id, action);
  };

  const askReturnNote = () => {
    if (id === null) return;
    const articleId = id;
    let note = '';
    modal.confirm({
      title: '退回修改',
      content: <Input.TextArea aria-label="退回意见" rows={3} onChange={(e) => (note = e.target.value)} />,
      okText: '退回',
      onOk: async () => {
        if (!note.trim()) {
          void message.error('请填写退回意见');
          throw new Error('note required');
        }
        await act(articleId, 'return', note.trim());
      },
    });
  };

  const { submit: findRelated } = useSubmit(
    async (q: string) => (q.trim() ? kbApi.search({ q }, { limit: 10, offset: 0 }) : null),
    {
      onSuccess: (found) =>
        found &&
        setRelatedOptions((current) => {
          const known = new Map(current.map((o) => [o.value, o]));
          for (const h of found.hits) {
            if (h.id !== id)
              known.set(h.id, {
                value: h.id,
                label: new DOMParser().parseFromString(h.title, 'text/html').body.textContent ?? '',
              });
          }
          return [...known.values()];
        }),
    },
  );
  const { submit: compare } = useSubmit(kbApi.diff, { onSuccess: setDiff });
  const { submit: markReviewed } = useSubmit(kbApi.markReviewed, { onSuccess: reload });
  const { submit: removeAttachment } = useSubmit(kbApi.removeAttachment, { onSuccess: reload });
  const { submit: upload } = useSubmit(uploadAttachment, { success: '附件已上传', onSuccess: reload });

  if (id !== null && !article) return <Spin />;
  const status = article?.status ?? 'draft';

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {article && (
        <Space wrap>
          <StatusTag status={article.status} />
          {article.publishedVersion && (
            <Typography.Text type="secondary">线上为第 {article.publishedVersion} 版</Typography.Text>
          )}
          <ValidityTag validity={article.effectiveValidity.validity} isExpired={article.effectiveValidity.isExpired} />
          {article.externalId && <Typography.Text type="secondary">导入编号 {article.externalId}</Typography.Text>}
        </Space>
      )}
      {article?.reviewNote && status === 'draft' && (
        <Alert type="warning" showIcon title={`退回意见：${article.reviewNote}`} />
      )}
      {article?.isFlagged && (
        <Alert
          type="warning"
          showIcon
          icon={<WarningOutlined />}
          title="本条引用的知识已失效或过期，请复核本条内容"
          description={article.cites
            .filter((c) => c.validity === 'void' && !c.reviewedAt)
            .map((c) => c.title)
            .join('；')}
          action={
            <Button size="small" onClick={() => void markReviewed(article.id)}>
              标记已复核
            </Button>
          }
        />
      )}
      <Form<FormValues> form={form} layout="vertical" disabled={status === 'review' || status === 'archived'}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="library" label="库种" rules={[{ required: true, message: '请选择库种' }]}>
              <Select
                options={reference.libraries.filter((l) => l.isActive).map((l) => ({ value: l.code, label: l.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="categoryId" label="目录">
              <TreeSelect
                allowClear
                treeData={treeData}
                placeholder="选择目录"
                treeDefaultExpandAll={false}
                showSearch
                treeNodeFilterProp="title"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="question" label="问题（问题解答库）">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="body" label="正文" rules={[{ required: true, message: '请填写正文' }]}>
          <RichTextEditor />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="keywords" label="关键词">
              <Select mode="tags" tokenSeparators={[',', '，', '、']} placeholder="输入后回车" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="taxKinds" label="税种">
              <Select mode="multiple" options={reference.taxKinds.map((k) => ({ value: k.code, label: k.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="taxpayerTypes" label="纳税人类型">
              <Select
                mode="multiple"
                options={reference.taxpayerTypes.map((k) => ({ value: k.code, label: k.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="industries" label="行业（GB/T 4754 门类）">
              <Select
                mode="multiple"
                options={reference.industries.map((k) => ({ value: k.code, label: `${k.code} ${k.name}` }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="region" label="适用地区">
              <Input placeholder="如 全国、示范省" maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="issuer" label="发文机关">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="documentNumber" label="文号">
              <Input placeholder="如 财政部 税务总局公告2023年第1号" maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="issuedOn" label="发布日期">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="effectiveOn" label="生效日期">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="expiresOn" label="失效日期（到期自动失效）">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="validity" label="有效性" rules={[{ required: true }]}>
              <Select options={Object.entries(validityNames).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="validityNote" label="有效性说明">
              <Input maxLength={500} placeholder="如 第三条已废止" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="sourceUrl" label="原文链接">
              <Input placeholder="https://" maxLength={1000} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="isPublic" label="公开（可对外答复）" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="relatedIds" label="相关知识">
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={(q) => void findRelated(q)}
            options={relatedOptions}
            placeholder="输入关键词查找知识"
          />
        </Form.Item>
      </Form>
      <Space wrap>
        {(status === 'draft' || status === 'published') && (
          <Button type="primary" loading={isBusy} onClick={() => void save()}>
            保存草稿
          </Button>
        )}
        {status === 'draft' && id !== null && (
          <Button loading={isBusy} onClick={() => void save(true)}>
            保存并提交审核
          </Button>
        )}
        {status === 'review' && canPublish && (
          <>
            <Button type="primary" loading={isBusy} onClick={() => transition('publish')}>
              审核通过并发布
            </Button>
            <Button loading={isBusy} onClick={askReturnNote}>
              退回修改
            </Button>
          </>
        )}
        {(status === 'published' || status === 'draft') && article?.publishedVersion && canPublish && (
          <Button danger loading={isBusy} onClick={() => transition('archive')}>
            下架
          </Button>
        )}
        {status === 'archived' && (
          <Button loading={isBusy} onClick={() => transition('restore')}>
            恢复为草稿
          </Button>
        )}
      </Space>
      {article && (
        <>
          <Divider titlePlacement="start">发布版本</Divider>
          <List
            size="small"
            locale={{ emptyText: '尚未发布' }}
            dataSource={article.versions}
            renderItem={(v, i) => (
              <List.Item
                key={v.version}
                actions={
                  i < article.versions.length - 1
                    ? [
                        <Button
                          key="diff"
                          size="small"
                          onClick={() => void compare(article.id, article.versions[i + 1]!.version, v.version)}
                        >
                          与上一版对比
                        </Button>,
                      ]
                    : []
                }
              >
                第 {v.version} 版 · {dayjs(v.publishedAt).format('YYYY-MM-DD HH:mm')} ·{' '}
                {v.publishedByName ?? '系统导入'}
              </List.Item>
            )}
          />
          <Divider titlePlacement="start">附件</Divider>
          <List
            size="small"
            locale={{ emptyText: '暂无附件' }}
            dataSource={article.attachments}
            renderItem={(a) => (
              <List.Item
                key={a.id}
                actions={[
                  <Button key="remove" size="small" danger onClick={() => void removeAttachment(a.id)}>
                    删除
                  </Button>,
                ]}
              >
                <a href={`/api/kb/attachments/${a.id}`}>{a.fileName}</a>（{Math.ceil(a.size / 1024)} KB）
              </List.Item>
            )}
          />
          <Upload showUploadList={false} customRequest={({ file }) => void upload(article.id, file as File)}>
            <Button icon={<UploadOutlined />}>上传附件（PDF、Office、图片，10 MB 以内）</Button>
          </Upload>
        </>
      )}
      <Modal
        open={diff !== null}
        title={diff ? `第 ${diff.from} 版 → 第 ${diff.to} 版` : ''}
        width={900}
        footer={null}
        onCancel={() => setDiff(null)}
      >
        {diff && <DiffView diff={diff} />}
      </Modal>
    </Space>
  );
}

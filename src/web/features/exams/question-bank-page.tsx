import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Upload } from 'antd';
import { useCallback, useState } from 'react';
import {
  difficulties,
  difficultyNames,
  examAreas,
  examTaxKinds,
  type QuestionInput,
  questionTypeNames,
  questionTypes,
} from '../../../shared/exams';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import {
  createQuestion,
  type ImportedQuestions,
  importQuestions,
  listQuestions,
  type QuestionPage,
  setQuestionRetired,
} from './exams.api';

const empty: QuestionPage = { total: 0, items: [] };
const nameOf = (list: readonly { code: string; name: string }[], code: string) =>
  list.find((e) => e.code === code)?.name ?? code;
const options = (list: readonly { code: string; name: string }[]) =>
  list.map((e) => ({ value: e.code, label: e.name }));

/** 题库: the questions with their tags, import from CSV/.xlsx with each bad row by line, add, retire. */
export function QuestionBankPage() {
  const [filter, setFilter] = useState<{ type?: string; taxKind?: string; state?: string; q?: string }>({});
  const [page, setPage] = useState(1);
  const load = useCallback(() => listQuestions({ ...filter, limit: 20, offset: (page - 1) * 20 }), [filter, page]);
  const loaded = useLoaded(load, empty);
  const [imported, setImported] = useState<ImportedQuestions | null>(null);
  const [isAdding, setIsAdding] = useState(false);
  const importing = useSubmit(importQuestions, {
    success: (r) => `成功导入 ${r.created} 道题`,
    onSuccess: (r) => {
      setImported(r);
      loaded.reload();
    },
  });
  const retire = useSubmit(setQuestionRetired, { success: '已保存', onSuccess: () => loaded.reload() });

  return (
    <Card
      title="题库"
      extra={
        <Space>
          <Upload
            accept=".csv,.xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void importing.submit(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={importing.isSubmitting}>
              导入试题
            </Button>
          </Upload>
          <Button type="primary" onClick={() => setIsAdding(true)}>
            新增试题
          </Button>
        </Space>
      }
    >
      {imported && (
        <Alert
          style={{ marginBottom: 12 }}
          type={imported.failed.length > 0 ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setImported(null)}
          message={`成功导入 ${imported.created} 道题${imported.failed.length > 0 ? `，${imported.failed.length} 行有错误未导入` : ''}`}
          description={imported.failed.map((f) => `第 ${f.line} 行：${f.error}`).join('\n')}
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search placeholder="题目关键词" allowClear onSearch={(q) => setFilter((f) => ({ ...f, q }))} />
        <Select
          allowClear
          placeholder="题型"
          style={{ width: 120 }}
          options={questionTypes.map((t) => ({ value: t, label: questionTypeNames[t] }))}
          onChange={(type) => setFilter((f) => ({ ...f, type }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="税种"
          style={{ width: 160 }}
          options={options(examTaxKinds)}
          onChange={(taxKind) => setFilter((f) => ({ ...f, taxKind }))}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          options={[
            { value: 'review', label: '引用知识已变更' },
            { value: 'retired', label: '已停用' },
          ]}
          onChange={(state) => setFilter((f) => ({ ...f, state }))}
        />
      </Space>
      <Table
        rowKey="id"
        loading={loaded.isLoading}
        dataSource={loaded.data.items}
        pagination={{
          current: page,
          pageSize: 20,
          total: loaded.data.total,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          {
            title: '题目',
            render: (_, q) => (
              <Space direction="vertical" size={0}>
                <span>{q.stem}</span>
                {q.options.length > 0 && (
                  <span style={{ color: '#888' }}>{q.options.map((o, i) => `${'ABCDEFGH'[i]}. ${o}`).join('　')}</span>
                )}
              </Space>
            ),
          },
          { title: '题型', width: 80, render: (_, q) => questionTypeNames[q.type] },
          { title: '答案', dataIndex: 'answer', width: 100, ellipsis: true },
          { title: '税种', width: 110, render: (_, q) => nameOf(examTaxKinds, q.taxKind) },
          { title: '内容类别', width: 120, render: (_, q) => nameOf(examAreas, q.area) },
          { title: '难度', width: 60, render: (_, q) => difficultyNames[q.difficulty] },
          {
            title: '状态',
            width: 120,
            render: (_, q) =>
              q.isRetired ? (
                <Tag>已停用</Tag>
              ) : q.needsReview ? (
                <Tag color="orange">待复核</Tag>
              ) : (
                <Tag color="green">可用</Tag>
              ),
          },
          {
            title: '操作',
            width: 90,
            render: (_, q) => (
              <Button type="link" onClick={() => void retire.submit(q.id, !q.isRetired)}>
                {q.isRetired ? '恢复' : '停用'}
              </Button>
            ),
          },
        ]}
      />
      <QuestionModal
        open={isAdding}
        onClose={() => setIsAdding(false)}
        onSaved={() => {
          setIsAdding(false);
          loaded.reload();
        }}
      />
    </Card>
  );
}

function QuestionModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<QuestionInput & { optionText?: string }>();
  const save = useSubmit(createQuestion, { form, success: '试题已保存', onSuccess: onSaved });
  return (
    <Modal
      title="新增试题"
      open={open}
      onCancel={onClose}
      confirmLoading={save.isSubmitting}
      okText="保存"
      destroyOnHidden
      onOk={() =>
        void form.validateFields().then(({ optionText, ...values }) =>
          save.submit({
            ...values,
            options: (optionText ?? '')
              .split('\n')
              .map((o) => o.trim())
              .filter(Boolean),
          }),
        )
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ type: 'single', difficulty: 'medium', area: 'business_knowledge' }}
      >
        <Form.Item name="type" label="题型" rules={[{ required: true }]}>
          <Select options={questionTypes.map((t) => ({ value: t, label: questionTypeNames[t] }))} />
        </Form.Item>
        <Form.Item name="stem" label="题目" rules={[{ required: true, message: '请填写题目' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="optionText" label="选项（每行一个，依次为 A、B、C…）">
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item
          name="answer"
          label="答案（选项字母；判断题填 正确/错误；填空题多个可接受答案用 | 分隔）"
          rules={[{ required: true, message: '请填写答案' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="explanation" label="解析">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space>
          <Form.Item name="taxKind" label="税种" rules={[{ required: true, message: '请选择税种' }]}>
            <Select showSearch optionFilterProp="label" style={{ width: 160 }} options={options(examTaxKinds)} />
          </Form.Item>
          <Form.Item name="area" label="内容类别" rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={options(examAreas)} />
          </Form.Item>
          <Form.Item name="difficulty" label="难度">
            <Select
              style={{ width: 90 }}
              options={difficulties.map((d) => ({ value: d, label: difficultyNames[d] }))}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

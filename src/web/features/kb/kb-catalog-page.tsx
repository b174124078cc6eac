import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Space,
  Switch,
  Table,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { type Category, kbApi, type Library } from './kb.api';
import { indexCategories } from './kb-category-tree';

interface LibraryValues {
  code: string;
  name: string;
  description?: string;
  rankWeight: number;
}

const noCatalog: { categories: Category[]; libraries: Library[] } = { categories: [], libraries: [] };

async function loadCatalog() {
  const [categories, reference] = await Promise.all([kbApi.categories(), kbApi.reference()]);
  return { categories, libraries: reference.libraries };
}

/** 目录与库种: the category tree (add, rename, delete empty nodes) and the libraries with their rank weights. */
export function KbCatalogPage() {
  const { message } = App.useApp();
  const {
    data: { categories, libraries },
    reload,
  } = useLoaded(loadCatalog, noCatalog);
  const [selected, setSelected] = useState<number | null>(null);
  const [categoryForm] = Form.useForm<{ name: string }>();
  const [libraryForm] = Form.useForm<LibraryValues>();
  const [isLibraryOpen, setIsLibraryOpen] = useState(false);

  const index = useMemo(() => indexCategories(categories), [categories]);
  const build = (parentId: number | null): DataNode[] =>
    (index.children.get(parentId) ?? []).map((c) => ({
      key: c.id,
      title: `${c.name}（${c.count}）`,
      children: build(c.id),
    }));
  const node = selected !== null ? index.byId.get(selected) : undefined;

  const { submit: run } = useSubmit(
    async (work: () => Promise<unknown>, done: string) => {
      await work();
      void message.success(done);
      reload();
    },
    { form: categoryForm },
  );
  const { submit: createLibrary } = useSubmit(
    (v: LibraryValues) =>
      kbApi.createLibrary({ ...v, description: v.description ?? null, sortOrder: libraries.length + 1 }),
    {
      form: libraryForm,
      onSuccess: () => {
        setIsLibraryOpen(false);
        libraryForm.resetFields();
        reload();
      },
    },
  );

  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Card size="small" title="目录树（税种 → 业务 → 事项）">
          <Tree<DataNode>
            treeData={build(null)}
            selectedKeys={selected === null ? [] : [selected]}
            onSelect={(k) => setSelected(k.length ? Number(k[0]) : null)}
          />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={node ? `选中：${node.name}` : '新增一级目录'}>
          <Form form={categoryForm} layout="vertical">
            <Form.Item
              name="name"
              label="目录名称"
              rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Space wrap>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() =>
                  void categoryForm
                    .validateFields()
                    .then((v) =>
                      run(
                        () => kbApi.createCategory({ parentId: selected, name: v.name.trim() }),
                        node ? `已在“${node.name}”下新增` : '已新增',
                      ),
                    )
                }
              >
                {node ? '新增下级目录' : '新增一级目录'}
              </Button>
              {node && (
                <Button
                  onClick={() =>
                    void categoryForm
                      .validateFields()
                      .then((v) => run(() => kbApi.updateCategory(node.id, { name: v.name.trim() }), '已重命名'))
                  }
                >
                  重命名选中目录
                </Button>
              )}
              {node && (
                <Popconfirm
                  title={`删除“${node.name}”？目录须为空`}
                  okText="删除"
                  onConfirm={() =>
                    void run(() => kbApi.deleteCategory(node.id), '已删除').then(() => setSelected(null))
                  }
                >
                  <Button danger>删除选中目录</Button>
                </Popconfirm>
              )}
            </Space>
          </Form>
        </Card>
        <Card
          size="small"
          title="库种"
          style={{ marginTop: 16 }}
          extra={
            <Button size="small" icon={<PlusOutlined />} onClick={() => setIsLibraryOpen(true)}>
              新增库种
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">
            排序权重：相关度相同时权重高的库种靠前（100 为标准）。
          </Typography.Paragraph>
          <Table<Library>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={libraries}
            columns={[
              { title: '名称', dataIndex: 'name' },
              { title: '代码', dataIndex: 'code', width: 90 },
              {
                title: '排序权重',
                width: 110,
                render: (_, l) => (
                  <InputNumber
                    aria-label={`${l.name}排序权重`}
                    min={10}
                    max={200}
                    defaultValue={l.rankWeight}
                    onBlur={(e) => {
                      const value = Number(e.target.value);
                      if (value !== l.rankWeight && value >= 10 && value <= 200) {
                        void run(() => kbApi.updateLibrary(l.code, { rankWeight: value }), '已保存');
                      }
                    }}
                  />
                ),
              },
              {
                title: '启用',
                width: 70,
                render: (_, l) => (
                  <Switch
                    checked={l.isActive}
                    onChange={(isActive) => void run(() => kbApi.updateLibrary(l.code, { isActive }), '已保存')}
                  />
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Modal
        open={isLibraryOpen}
        title="新增库种"
        okText="保存"
        forceRender
        onCancel={() => setIsLibraryOpen(false)}
        onOk={() => libraryForm.submit()}
      >
        <Form
          form={libraryForm}
          layout="vertical"
          initialValues={{ rankWeight: 100 }}
          onFinish={(v) => void createLibrary(v)}
        >
          <Form.Item
            name="code"
            label="代码"
            rules={[
              { required: true, pattern: /^[a-z][a-z0-9_]{1,31}$/, message: '小写字母开头，2–32 位字母、数字或下划线' },
            ]}
          >
            <Input maxLength={32} placeholder="如 training" />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={40} placeholder="如 培训资料库" />
          </Form.Item>
          <Form.Item name="description" label="说明">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="rankWeight" label="排序权重">
            <InputNumber min={10} max={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}

import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { type CourseInput, type TrainingArea, trainingAreaNames } from '../../../shared/training';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import {
  type Course,
  createCourse,
  fetchTargetOptions,
  listCourses,
  materialUrl,
  type TargetOptions,
  updateCourse,
  uploadMaterial,
} from './training.api';
import { areaOptions } from './training-labels';

const noCourses: Course[] = [];
const noOptions: TargetOptions = { people: [], teams: [], orgUnits: [] };
const emptyOptions = async () => noOptions;

interface CourseValues {
  title: string;
  area: TrainingArea;
  hours: number;
  lecturerKind: 'internal' | 'external';
  lecturerUserId?: number;
  lecturerName?: string;
  lecturerOrganisation?: string;
  description?: string;
  kbArticleIds?: string[];
}

function CourseModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const user = useCurrentUser();
  const canManage = hasPermission(user, 'training.manage');
  const options = useLoaded(canManage ? fetchTargetOptions : emptyOptions, noOptions);
  const [form] = Form.useForm<CourseValues>();
  const kind = Form.useWatch('lecturerKind', form);
  const { submit, isSubmitting } = useSubmit(
    (v: CourseValues) => {
      const body: CourseInput = {
        title: v.title,
        area: v.area,
        hours: v.hours,
        lecturer:
          v.lecturerKind === 'internal'
            ? { userId: canManage ? (v.lecturerUserId ?? 0) : user.id }
            : { name: v.lecturerName ?? '', organisation: v.lecturerOrganisation ?? '' },
        description: v.description,
        kbArticleIds: (v.kbArticleIds ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0),
      };
      return createCourse(body);
    },
    { form, success: '课程已登记', onSuccess: onSaved },
  );
  return (
    <Modal
      open
      title="新增课程"
      okText="保存"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ lecturerKind: 'internal', hours: 4 }}>
        <Form.Item name="title" label="课程名称" rules={[{ required: true, message: '请填写课程名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space>
          <Form.Item name="area" label="培训内容" rules={[{ required: true, message: '请选择培训内容' }]}>
            <Select options={areaOptions} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="hours" label="学时" rules={[{ required: true, message: '请填写学时' }]}>
            <InputNumber min={0.5} max={24} step={0.5} />
          </Form.Item>
        </Space>
        <Form.Item name="lecturerKind" label="授课人">
          <Radio.Group
            options={[
              { value: 'internal', label: canManage ? '内部讲师' : '本人' },
              ...(canManage ? [{ value: 'external', label: '外部讲师' }] : []),
            ]}
          />
        </Form.Item>
        {kind === 'internal' && canManage && (
          <Form.Item name="lecturerUserId" label="讲师" rules={[{ required: true, message: '请选择讲师' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={options.data.people.map((p) => ({ value: p.id, label: `${p.name}（${p.orgUnitName}）` }))}
            />
          </Form.Item>
        )}
        {kind === 'external' && (
          <Space>
            <Form.Item name="lecturerName" label="讲师姓名" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="lecturerOrganisation" label="所在单位" rules={[{ required: true, message: '请填写单位' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="kbArticleIds" label="关联知识（知识编号）">
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} placeholder="输入知识库中的知识编号" />
        </Form.Item>
        <Form.Item name="description" label="课程简介">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 课程目录: the courses with their content area, hours, lecturer and linked knowledge. */
export function CoursesPage() {
  const courses = useLoaded(listCourses, noCourses);
  const [isCreating, setIsCreating] = useState(false);
  const upload = useSubmit((courseId: number, file: File) => uploadMaterial(courseId, file), {
    success: (r) => `已上传：${r.fileName}`,
    onSuccess: courses.reload,
  });
  const toggle = useSubmit((c: Course) => updateCourse(c.id, { isActive: !c.isActive }), {
    success: '已更新',
    onSuccess: courses.reload,
  });
  return (
    <Card
      title="课程目录"
      extra={
        <Button type="primary" onClick={() => setIsCreating(true)}>
          新增课程
        </Button>
      }
    >
      <Table
        size="small"
        rowKey="id"
        loading={courses.isLoading}
        dataSource={courses.data}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '课程', dataIndex: 'title' },
          { title: '培训内容', key: 'area', render: (_: unknown, c: Course) => trainingAreaNames[c.area] },
          { title: '学时', dataIndex: 'hours' },
          {
            title: '授课人',
            key: 'lecturer',
            render: (_: unknown, c: Course) =>
              c.lecturer.isExternal ? `${c.lecturer.name}（${c.lecturer.organisation ?? ''}，外部）` : c.lecturer.name,
          },
          {
            title: '关联知识',
            key: 'articles',
            render: (_: unknown, c: Course) =>
              c.articles.map((a) => (
                <a key={a.id} href={`/kb?article=${a.id}`}>
                  <Tag>{a.title}</Tag>
                </a>
              )),
          },
          {
            title: '培训资料',
            key: 'materials',
            render: (_: unknown, c: Course) => (
              <Space wrap>
                {c.materials.map((m) => (
                  <a key={m.id} href={materialUrl(m.id)}>
                    {m.fileName}
                  </a>
                ))}
                <Upload showUploadList={false} customRequest={({ file }) => void upload.submit(c.id, file as File)}>
                  <Button size="small" icon={<UploadOutlined />}>
                    上传
                  </Button>
                </Upload>
              </Space>
            ),
          },
          {
            title: '状态',
            key: 'isActive',
            render: (_: unknown, c: Course) => (
              <Space>
                {c.isActive ? <Tag color="green">在用</Tag> : <Tag>停用</Tag>}
                <Button size="small" type="link" onClick={() => void toggle.submit(c)}>
                  {c.isActive ? '停用' : '启用'}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {isCreating && (
        <CourseModal
          onClose={() => setIsCreating(false)}
          onSaved={() => {
            setIsCreating(false);
            courses.reload();
          }}
        />
      )}
    </Card>
  );
}

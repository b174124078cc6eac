import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Popconfirm, Space, Table, type TableProps, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { type Department, type OrgUnit, useOrgUnits } from '../../reference-data';
import { listAllDepartments, updateDepartment } from './admin.api';
import { DepartmentFormModal } from './department-form-modal';

const noDepartments: Department[] = [];

/** The ids of `rootId` and every org unit below it. */
function subtreeIds(units: readonly OrgUnit[], rootId: number): Set<number> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId !== null && ids.has(unit.parentId) && !ids.has(unit.id)) {
        ids.add(unit.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** 业务处室: the departments of each org unit; create, rename, switch off and on. */
export function DepartmentsPage() {
  const { message } = App.useApp();
  const { data: orgUnits } = useOrgUnits();
  const { data: departments, isLoading, reload } = useLoaded(listAllDepartments, noDepartments);
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>(undefined);
  const [keyword, setKeyword] = useState('');
  const [editing, setEditing] = useState<Department | 'new' | null>(null);

  const shown = useMemo(() => {
    const inScope = orgUnitId === undefined ? null : subtreeIds(orgUnits, orgUnitId);
    const text = keyword.trim();
    return departments.filter(
      (d) =>
        (inScope === null || inScope.has(d.orgUnitId)) &&
        (text === '' || d.name.includes(text) || d.code.toLowerCase().includes(text.toLowerCase())),
    );
  }, [departments, orgUnits, orgUnitId, keyword]);

  const { submit: setActive } = useSubmit(async (department: Department, isActive: boolean) => {
    await updateDepartment(department.id, { isActive });
    void message.success(isActive ? `已启用 ${department.name}` : `已停用 ${department.name}`);
    reload();
  });

  const columns: TableProps<Department>['columns'] = [
    { title: '名称', dataIndex: 'name' },
    { title: '代码', dataIndex: 'code' },
    {
      title: '所属机构',
      dataIndex: 'orgUnitName',
      sorter: (a, b) => a.orgUnitName.localeCompare(b.orgUnitName, 'zh-CN'),
    },
    {
      title: '状态',
      key: 'status',
      render: (_, d) => (d.isActive ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_, d) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(d)}>
            编辑
          </Button>
          {d.isActive ? (
            <Popconfirm title={`确定停用“${d.name}”？`} onConfirm={() => setActive(d, false)}>
              <Button type="link" size="small" danger>
                停用
              </Button>
            </Popconfirm>
          ) : (
            <Popconfirm title={`确定启用“${d.name}”？`} onConfirm={() => setActive(d, true)}>
              <Button type="link" size="small">
                启用
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="业务处室"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建业务处室
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <OrgUnitTreeSelect
          orgUnits={orgUnits}
          aria-label="按机构筛选"
          placeholder="全部机构"
          allowClear
          value={orgUnitId}
          onChange={(value) => setOrgUnitId(value ?? undefined)}
          style={{ width: 240 }}
        />
        <Input.Search
          aria-label="关键字"
          placeholder="处室名称或代码"
          allowClear
          onSearch={setKeyword}
          style={{ width: 220 }}
        />
      </Space>
      <Table<Department>
        rowKey="id"
        columns={columns}
        dataSource={shown}
        loading={isLoading}
        pagination={{ defaultPageSize: 20, showTotal: (total) => `共 ${total} 条` }}
      />
      {editing && (
        <DepartmentFormModal
          department={editing === 'new' ? null : editing}
          orgUnits={orgUnits}
          defaultOrgUnitId={orgUnitId}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}

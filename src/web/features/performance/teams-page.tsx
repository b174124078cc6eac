import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { useOrgUnits } from '../../reference-data';
import {
  createTeam,
  listTeamCandidates,
  listTeams,
  type Team,
  type TeamCandidate,
  updateTeam,
} from './performance.api';

interface TeamValues {
  orgUnitId: number;
  name: string;
  leadUserId: number | null;
  memberIds: number[];
  isActive: boolean;
}

const noTeams: { teams: Team[]; candidates: TeamCandidate[] } = { teams: [], candidates: [] };

async function loadTeams() {
  const [teams, candidates] = await Promise.all([listTeams(), listTeamCandidates()]);
  return { teams, candidates };
}

/** 班组管理: teams per org unit with their lead and member agents (an agent is in one team at most). */
export function TeamsPage() {
  const { data: orgUnits } = useOrgUnits();
  const {
    data: { teams, candidates },
    reload,
  } = useLoaded(loadTeams, noTeams);
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [form] = Form.useForm<TeamValues>();

  const open = (team: Team | 'new') => {
    setEditing(team);
    form.setFieldsValue(
      team === 'new'
        ? { name: '', leadUserId: null, memberIds: [], isActive: true }
        : {
            orgUnitId: team.orgUnitId,
            name: team.name,
            leadUserId: team.leadUserId,
            memberIds: team.members.map((m) => m.userId),
            isActive: team.isActive,
          },
    );
  };

  const { submit: saveValues, isSubmitting: isSaving } = useSubmit(
    async (values: TeamValues) => {
      if (editing === 'new') {
        await createTeam({
          orgUnitId: values.orgUnitId,
          name: values.name,
          leadUserId: values.leadUserId ?? null,
          memberIds: values.memberIds ?? [],
        });
      } else if (editing) {
        await updateTeam(editing.id, {
          name: values.name,
          leadUserId: values.leadUserId ?? null,
          memberIds: values.memberIds ?? [],
          isActive: values.isActive,
        });
      }
    },
    {
      form,
      success: '班组已保存',
      onSuccess: () => {
        setEditing(null);
        reload();
      },
    },
  );
  const save = async () => saveValues(await form.validateFields());

  const teamName = (id: number | null) => teams.find((t) => t.id === id)?.name;
  const currentId = editing && editing !== 'new' ? editing.id : null;

  return (
    <Card
      title="班组管理"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          新建班组
        </Button>
      }
    >
      <Table<Team>
        rowKey="id"
        dataSource={teams}
        pagination={false}
        columns={[
          { title: '班组', dataIndex: 'name' },
          { title: '所属机构', dataIndex: 'orgUnitName' },
          { title: '班长', dataIndex: 'leadName', render: (v: string | null) => v ?? '—' },
          {
            title: '组员',
            key: 'members',
            render: (_, t) => t.members.map((m) => <Tag key={m.userId}>{m.name}</Tag>),
          },
          {
            title: '状态',
            dataIndex: 'isActive',
            render: (v: boolean) => (v ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, t) => (
              <Button type="link" size="small" onClick={() => open(t)}>
                编辑
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新建班组' : '编辑班组'}
        okText="保存"
        confirmLoading={isSaving}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="orgUnitId" label="所属机构" rules={[{ required: true, message: '请选择机构' }]}>
            <OrgUnitTreeSelect orgUnits={orgUnits} disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label="班组名称" rules={[{ required: true, max: 40, message: '请填写班组名称' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="leadUserId" label="班长">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={candidates
                .filter((c) => c.roles.includes('team_lead'))
                .map((c) => ({ value: c.id, label: `${c.name}（${c.username}）` }))}
            />
          </Form.Item>
          <Form.Item name="memberIds" label="组员（坐席）" extra="已在其他班组的坐席保存后移入本班组">
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              options={candidates
                .filter((c) => c.roles.includes('agent'))
                .map((c) => ({
                  value: c.id,
                  label: `${c.name}（${c.username}）${c.teamId && c.teamId !== currentId ? ` · 现属${teamName(c.teamId) ?? '其他班组'}` : ''}`,
                }))}
            />
          </Form.Item>
          {editing !== 'new' ? (
            <Form.Item name="isActive" label="在用" valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </Card>
  );
}

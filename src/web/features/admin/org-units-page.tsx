import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Space, Spin, Tree, type TreeDataNode } from 'antd';
import { type Key, useMemo, useState } from 'react';
import { buildOrgTree, type OrgUnit, type OrgUnitNode, useOrgUnits } from '../../reference-data';
import { childLevelsOf, OrgUnitCreateModal } from './org-unit-create-modal';
import { OrgUnitDetail } from './org-unit-detail';
import { OrgUnitLevelTag } from './org-unit-level-tag';

function toTreeData(nodes: readonly OrgUnitNode[]): TreeDataNode[] {
  return nodes.map(({ unit, children }) => ({
    key: unit.id,
    title: (
      <Space size={4}>
        <OrgUnitLevelTag level={unit.level} />
        {unit.name}
      </Space>
    ),
    children: toTreeData(children),
  }));
}

/** 组织机构: the tree of tax offices, the selected one's details, and adding units below it. */
export function OrgUnitsPage() {
  const { data: orgUnits, isLoading, reload } = useOrgUnits();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [creatingUnder, setCreatingUnder] = useState<OrgUnit | null>(null);
  const treeData = useMemo(() => toTreeData(buildOrgTree(orgUnits)), [orgUnits]);
  const allKeys = useMemo(() => orgUnits.map((u) => u.id), [orgUnits]);
  // Until the user folds something, every unit is open.
  const [expandedKeys, setExpandedKeys] = useState<Key[] | null>(null);

  const selected = orgUnits.find((u) => u.id === selectedId) ?? null;
  const parent = selected?.parentId ? (orgUnits.find((u) => u.id === selected.parentId) ?? null) : null;
  const canAddChild = selected !== null && childLevelsOf(selected).length > 0;

  const isFirstLoad = isLoading && orgUnits.length === 0;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title="组织机构">
          {isFirstLoad ? (
            <Spin />
          ) : orgUnits.length === 0 ? (
            <Empty description="没有可管理的机构" />
          ) : (
            <Tree
              treeData={treeData}
              expandedKeys={expandedKeys ?? allKeys}
              onExpand={(keys) => setExpandedKeys(keys)}
              blockNode
              selectedKeys={selectedId === null ? [] : [selectedId]}
              onSelect={(keys) => {
                const [key] = keys;
                if (key !== undefined) setSelectedId(Number(key));
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={selected ? selected.name : '机构详情'}
          extra={
            <Button icon={<PlusOutlined />} disabled={!canAddChild} onClick={() => setCreatingUnder(selected)}>
              新增下级机构
            </Button>
          }
        >
          {selected ? (
            <OrgUnitDetail key={selected.id} unit={selected} parentName={parent?.name ?? null} onSaved={reload} />
          ) : (
            <Empty description="请在左侧选择机构" />
          )}
        </Card>
      </Col>
      {creatingUnder && (
        <OrgUnitCreateModal
          parent={creatingUnder}
          onClose={() => setCreatingUnder(null)}
          onCreated={(unit) => {
            const { parentId } = unit;
            if (parentId !== null) setExpandedKeys((keys) => [...(keys ?? allKeys), parentId]);
            setCreatingUnder(null);
            setSelectedId(unit.id);
            reload();
          }}
        />
      )}
    </Row>
  );
}

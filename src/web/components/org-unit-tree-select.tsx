import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { buildOrgTree, type OrgUnit, type OrgUnitNode } from '../reference-data';

interface OrgUnitOption {
  value: number;
  title: string;
  children: OrgUnitOption[];
}

function toOptions(nodes: readonly OrgUnitNode[]): OrgUnitOption[] {
  return nodes.map((node) => ({ value: node.unit.id, title: node.unit.name, children: toOptions(node.children) }));
}

type OrgUnitTreeSelectProps = Omit<TreeSelectProps<number, OrgUnitOption>, 'treeData'> & {
  orgUnits: readonly OrgUnit[];
};

/** A searchable tree picker of org units; works as a Form.Item child (value, onChange and id pass through). */
export function OrgUnitTreeSelect({ orgUnits, ...props }: OrgUnitTreeSelectProps) {
  const treeData = useMemo(() => toOptions(buildOrgTree(orgUnits)), [orgUnits]);
  return (
    <TreeSelect<number, OrgUnitOption>
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      placeholder="请选择机构"
      {...props}
      treeData={treeData}
    />
  );
}

import { Tag } from 'antd';
import { type OrgUnitLevel, orgUnitLevelNames } from '../../../shared/permissions';

const levelColors = {
  province: 'red',
  city: 'orange',
  district: 'blue',
  station: 'green',
} as const satisfies Record<OrgUnitLevel, string>;

/** The level of an org unit as a tag: 省局, 市局, 区县局 or 税务所. */
export function OrgUnitLevelTag({ level }: { level: OrgUnitLevel }) {
  return <Tag color={levelColors[level]}>{orgUnitLevelNames[level]}</Tag>;
}

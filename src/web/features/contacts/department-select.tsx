import { Select } from 'antd';
import { departmentMatches } from '../../../shared/department-search';

interface DepartmentChoice {
  id: number;
  name: string;
  orgUnitName: string;
}

/**
 * The department picker of transfers and forwards: found by name or by what it handles (增值税 →
 * 货物和劳务税处), its list as wide as the names need.
 */
export function DepartmentSelect({
  departments,
  value,
  onChange,
  id,
}: {
  departments: readonly DepartmentChoice[];
  value?: number;
  onChange?: (value: number) => void;
  id?: string;
}) {
  const byId = new Map(departments.map((d) => [d.id, d]));
  return (
    <Select<number>
      {...(id ? { id } : {})}
      value={value}
      onChange={onChange}
      popupMatchSelectWidth={false}
      showSearch={{
        filterOption: (input, option) => {
          const department = option ? byId.get(option.value as number) : undefined;
          return department
            ? departmentMatches(department.name, input) || department.orgUnitName.includes(input.trim())
            : false;
        },
      }}
      options={departments.map((d) => ({
        value: d.id,
        label: `${d.name}（${d.orgUnitName}）`,
        title: `${d.name}（${d.orgUnitName}）`,
      }))}
    />
  );
}

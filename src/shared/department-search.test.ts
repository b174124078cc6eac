import { describe, expect, it } from 'vitest';
import { departmentMatches } from './department-search';

describe('finding a department by what it handles', () => {
  it('finds 货物和劳务税处 for 增值税 and 所得税处 for 个税, by name as before', () => {
    expect(departmentMatches('货物和劳务税处', '增值税')).toBe(true);
    expect(departmentMatches('所得税处', '增值税')).toBe(false);
    expect(departmentMatches('所得税处', '个税')).toBe(true);
    expect(departmentMatches('财产和行为税处', '印花税')).toBe(true);
    expect(departmentMatches('纳税服务处', '纳税服务')).toBe(true);
    expect(departmentMatches('某区税务局第一税务所', '第一税务所')).toBe(true);
    expect(departmentMatches('某区税务局第一税务所', '增值税')).toBe(false);
  });
});

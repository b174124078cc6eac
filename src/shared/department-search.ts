/**
 * Finding a department by what it handles: staff search for the tax (增值税), not for the department's
 * name (货物和劳务税处). The duties follow the usual division of a provincial tax bureau's business
 * departments, matched on the department's name, so that a centre's own departments work too.
 */
const dutiesByName: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/货物和劳务税/, ['增值税', '消费税', '车辆购置税', '发票', '出口退税', '留抵退税']],
  [/所得税/, ['企业所得税', '个人所得税', '个税', '汇算清缴']],
  [
    /财产和行为税/,
    ['印花税', '房产税', '城镇土地使用税', '土地增值税', '契税', '车船税', '资源税', '环境保护税', '耕地占用税'],
  ],
  [/社会保险费|社保/, ['社会保险费', '社保费', '医保', '养老保险']],
  [/非税收入/, ['非税收入', '教育费附加', '地方教育附加', '文化事业建设费']],
  [/征管和科技发展|征收管理/, ['纳税信用', '税务登记', '发票', '电子税务局', '金税']],
  [/纳税服务/, ['12366', '办税服务厅', '纳税服务', '投诉']],
  [/国际税务|进出口税收/, ['出口退税', '非居民', '国际税收']],
];

/** The words a department is found by: its name and the taxes and matters it handles. */
export function departmentSearchText(name: string): string {
  const duties = dutiesByName.filter(([pattern]) => pattern.test(name)).flatMap(([, words]) => words);
  return [name, ...duties].join(' ');
}

/** True when what was typed names the department or something it handles (case-insensitive). */
export function departmentMatches(name: string, input: string): boolean {
  const typed = input.trim().toLowerCase();
  return typed === '' || departmentSearchText(name).toLowerCase().includes(typed);
}

/**
 * Roles and permissions, declared in one place for the server (authorization) and the web app (menus).
 * A permission names a capability; every API route states the one it needs.
 */

export const roles = [
  'admin',
  'director',
  'team_lead',
  'agent',
  'department',
  'leader',
  'intake',
  'investigator',
  'feedback',
  'trainer',
] as const;
export type Role = (typeof roles)[number];

export const roleNames = {
  admin: '系统管理员',
  director: '中心主任',
  team_lead: '班长',
  agent: '坐席',
  department: '业务处室',
  leader: '领导',
  intake: '受理岗',
  investigator: '调查岗',
  feedback: '反馈岗',
  trainer: '培训讲师',
} as const satisfies Record<Role, string>;

export const permissions = [
  'users.manage',
  'org.manage',
  'audit.read',
  'calendar.read',
  'calendar.manage',
  // contacts and transfers (issue 3)
  'contacts.register',
  'contacts.read',
  'contacts.reveal',
  'contacts.configure',
  'inbox.read',
  'transfers.answer',
  'transfers.urge',
  'transfers.monitor',
  'calls.read',
  'cti.manage',
  'surveys.read',
  'surveys.follow_up',
  // complaints and reports (issue 4)
  'cases.register',
  'cases.read',
  'cases.act',
  'cases.manage_claims',
  'cases.reveal_reporter',
  'cases.configure',
  // service tools: calculators, lookups, filing calendar, reminders (issue 6)
  'tools.use',
  'lookups.manage',
  'filing_calendar.manage',
  'reminders.manage',
  'reminders.callback',
  // knowledge base (issue 7)
  'kb.read',
  'kb.edit',
  'kb.publish',
  'kb.admin',
  // performance review and target responsibility (issue 5)
  'performance.read_own',
  'performance.review',
  'performance.manage',
  'performance.teams',
  // monthly bulletin 信息专报 (issue 5)
  'bulletins.read',
  'bulletins.manage',
  // statistics dashboard and hot questions (issue 5)
  'reports.read',
  // question bank and exams (issue 15; taking an exam needs only being its participant)
  'exams.manage',
  'exams.grade',
  // training (issue 15)
  'training.manage',
  'training.lecture',
  'training.participate',
  'training.decide',
] as const;
export type Permission = (typeof permissions)[number];

export const permissionNames = {
  'users.manage': '管理用户',
  'org.manage': '管理组织机构和业务处室',
  'audit.read': '查看审计日志',
  'calendar.read': '查看工作日历',
  'calendar.manage': '维护工作日历和服务时间',
  'contacts.register': '登记来电',
  'contacts.read': '查看接听记录簿',
  'contacts.reveal': '查看完整电话号码和纳税人识别号',
  'contacts.configure': '设置转办答复时限',
  'inbox.read': '查看待办事项',
  'transfers.answer': '答复转办单',
  'transfers.urge': '催办转办单',
  'transfers.monitor': '督办转办时限',
  'calls.read': '查看通话记录',
  'cti.manage': '管理分机与CTI接口',
  'surveys.read': '查看满意度评价',
  'surveys.follow_up': '处理不满意回访',
  'cases.register': '登记投诉举报',
  'cases.read': '查询投诉举报案件',
  'cases.act': '办理投诉举报案件',
  'cases.manage_claims': '收回或改派投诉举报案件',
  'cases.reveal_reporter': '查看举报人信息',
  'cases.configure': '维护投诉举报配置',
  'tools.use': '使用小工具、信息查询和征期日历',
  'lookups.manage': '导入信息查询数据',
  'filing_calendar.manage': '维护征期日历',
  'reminders.manage': '管理提醒服务和外呼任务',
  'reminders.callback': '处理回访提醒任务',
  'kb.read': '检索和查阅知识库',
  'kb.edit': '编写和修改知识',
  'kb.publish': '审核发布知识和导入知识',
  'kb.admin': '维护库种、目录、同义词、词典和点击反馈',
  'performance.read_own': '查看本人绩效考核明细',
  'performance.review': '查看本班组绩效排名并录入加减分',
  'performance.manage': '维护绩效考核方案和班组目标',
  'performance.teams': '维护班组和组员',
  'bulletins.read': '查看信息专报',
  'bulletins.manage': '生成、编辑和发布信息专报',
  'reports.read': '查看统计分析和热点问题',
  'exams.manage': '维护题库、组卷考试和查看成绩',
  'exams.grade': '阅卷（简答题评分）',
  'training.manage': '制定培训计划、安排课次和补训',
  'training.lecture': '查看课程目录和培训计划，登记本人课次的签到和实操评分',
  'training.participate': '查看我的培训、签到、请假和评价',
  'training.decide': '决定补训后仍未通过人员的去向',
} as const satisfies Record<Permission, string>;

/**
 * What each role may do, and how far it sees: `all` sees every org unit,
 * `subtree` sees the user's own org unit and the units below it.
 */
export const roleGrants = {
  admin: {
    scope: 'all',
    permissions: [
      'users.manage',
      'org.manage',
      'audit.read',
      'calendar.read',
      'calendar.manage',
      'contacts.configure',
      'cti.manage',
      'cases.configure',
      'tools.use',
      'lookups.manage',
      'filing_calendar.manage',
      'reminders.manage',
      'reminders.callback',
      'kb.read',
      'kb.edit',
      'kb.publish',
      'kb.admin',
      'performance.teams',
      'reports.read',
    ],
  },
  director: {
    scope: 'subtree',
    permissions: [
      'audit.read',
      'calendar.read',
      'contacts.read',
      'contacts.reveal',
      'contacts.configure',
      'transfers.monitor',
      'calls.read',
      'surveys.read',
      'cases.read',
      'cases.configure',
      'tools.use',
      'lookups.manage',
      'filing_calendar.manage',
      'reminders.manage',
      'reminders.callback',
      'kb.read',
      'kb.edit',
      'kb.publish',
      'kb.admin',
      'performance.review',
      'performance.manage',
      'performance.teams',
      'bulletins.read',
      'bulletins.manage',
      'reports.read',
      'exams.manage',
      'exams.grade',
      'training.manage',
      'training.lecture',
      'training.decide',
    ],
  },
  team_lead: {
    scope: 'subtree',
    permissions: [
      'calendar.read',
      'contacts.register',
      'contacts.read',
      'contacts.reveal',
      'inbox.read',
      'transfers.urge',
      'transfers.monitor',
      'calls.read',
      'surveys.read',
      'surveys.follow_up',
      'cases.register',
      'cases.read',
      'cases.manage_claims',
      'tools.use',
      'lookups.manage',
      'filing_calendar.manage',
      'reminders.manage',
      'reminders.callback',
      'kb.read',
      'kb.edit',
      'kb.publish',
      'performance.review',
      'reports.read',
      'exams.manage',
      'exams.grade',
      'training.manage',
      'training.lecture',
      'training.participate',
    ],
  },
  agent: {
    scope: 'subtree',
    permissions: [
      'calendar.read',
      'contacts.register',
      'contacts.read',
      'inbox.read',
      'calls.read',
      'cases.register',
      'cases.read',
      'tools.use',
      'reminders.callback',
      'kb.read',
      'performance.read_own',
      'training.participate',
    ],
  },
  department: {
    scope: 'subtree',
    permissions: ['calendar.read', 'inbox.read', 'transfers.answer', 'tools.use', 'kb.read'],
  },
  leader: {
    scope: 'subtree',
    permissions: [
      'calendar.read',
      'cases.read',
      'cases.act',
      'cases.manage_claims',
      'cases.reveal_reporter',
      'tools.use',
      'kb.read',
      'bulletins.read',
      'reports.read',
    ],
  },
  intake: {
    scope: 'subtree',
    permissions: [
      'calendar.read',
      'cases.register',
      'cases.read',
      'cases.act',
      'cases.reveal_reporter',
      'tools.use',
      'kb.read',
    ],
  },
  investigator: {
    scope: 'subtree',
    permissions: ['calendar.read', 'cases.read', 'cases.act', 'tools.use', 'kb.read'],
  },
  feedback: {
    scope: 'subtree',
    permissions: ['calendar.read', 'cases.read', 'cases.act', 'cases.reveal_reporter', 'tools.use', 'kb.read'],
  },
  trainer: {
    scope: 'subtree',
    permissions: [
      'calendar.read',
      'tools.use',
      'kb.read',
      'training.lecture',
      'training.participate',
      'exams.manage',
      'exams.grade',
    ],
  },
} as const satisfies Record<Role, { scope: 'all' | 'subtree'; permissions: readonly Permission[] }>;

/** The union of the permissions of the given roles. */
export function permissionsOf(userRoles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of userRoles) for (const p of roleGrants[role].permissions) granted.add(p);
  return permissions.filter((p) => granted.has(p));
}

/** True when one of the roles sees every org unit rather than its own subtree. */
export function seesAllOrgUnits(userRoles: readonly Role[]): boolean {
  return userRoles.some((role) => roleGrants[role].scope === 'all');
}

export const orgUnitLevels = ['province', 'city', 'district', 'station'] as const;
export type OrgUnitLevel = (typeof orgUnitLevels)[number];
export const orgUnitLevelNames = {
  province: '省局',
  city: '市局',
  district: '区县局',
  station: '税务所',
} as const satisfies Record<OrgUnitLevel, string>;

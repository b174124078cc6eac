import type { TrainingArea } from '../../../shared/training';
import type { Tx } from '../../db/connection';
import { WorkingDayCalendar } from '../../platform/calendar/working-days';
import { addDays, shanghaiDate } from '../../platform/dates';
import { findAllTeams, findTeamMembers } from '../performance';
import * as repo from './training.repository';
import { insertPlainSession } from './training-plans.service';
import { isoWeekday, planSessions } from './training-schedule';

const agentCourses: Array<{ title: string; area: TrainingArea; lecturer: [string, string] }> = [
  { title: '中心各部门及岗位职责介绍', area: 'department_intro', lecturer: ['陈主任', '12366纳税服务中心'] },
  {
    title: '12366服务流程：接听、录音和记录、问题解决',
    area: 'service_process',
    lecturer: ['李班长', '12366纳税服务中心'],
  },
  { title: '热线服务技巧与疑难来电处理', area: 'service_skills', lecturer: ['周老师', '示范省税务干部学校'] },
  { title: '增值税、个人所得税政策要点', area: 'business_knowledge', lecturer: ['赵磊', '货物和劳务税处'] },
  { title: '服务态度与文明用语', area: 'service_attitude', lecturer: ['何老师', '纳税服务处'] },
  { title: '12366知识库与工单系统操作', area: 'system_operation', lecturer: ['吴工程师', '征管和科技发展处'] },
];

const hallCourses: Array<{ title: string; area: TrainingArea; lecturer: [string, string] }> = [
  { title: '税收征管法及实施细则', area: 'tax_law', lecturer: ['孙丽', '所得税处'] },
  { title: '现行税收优惠政策', area: 'business_knowledge', lecturer: ['赵磊', '货物和劳务税处'] },
  { title: '窗口服务技巧', area: 'service_skills', lecturer: ['周老师', '示范省税务干部学校'] },
  { title: '金税系统与电子税务局操作', area: 'system_operation', lecturer: ['吴工程师', '征管和科技发展处'] },
  { title: '排队叫号与窗口业务技能', area: 'window_skills', lecturer: ['何老师', '纳税服务处'] },
];

async function insertCourses(trx: Tx, orgUnitId: number, list: typeof agentCourses, hours: number, now: Date) {
  const ids: number[] = [];
  for (const c of list) {
    ids.push(
      await repo.insertCourse(trx, {
        org_unit_id: orgUnitId,
        title: c.title,
        area: c.area,
        hours,
        lecturer_user_id: null,
        lecturer_name: c.lecturer[0],
        lecturer_organisation: c.lecturer[1],
        description: null,
        is_active: 1,
        created_by: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      }),
    );
  }
  return ids;
}

/**
 * The demo's training: the 坐席培训计划 (咨询一班, every Wednesday 14:00–18:00 for 8 weeks from next week,
 * the six content areas in turn) and the 纳税服务大厅培训计划 (two weeks, Monday to Saturday, 8 hours a
 * day: theory the first week, practical training the second), on the statutory calendar.
 */
export async function seedDemoTraining(trx: Tx, orgUnitId: number, now: Date): Promise<void> {
  const calendar = new WorkingDayCalendar();
  const today = shanghaiDate(now);
  const nextMonday = addDays(today, 8 - isoWeekday(today));
  const team = (await findAllTeams(trx)).find((t) => t.name === '咨询一班');
  const members = team ? await findTeamMembers(trx, [team.id]) : [];
  const agentIds = [...members.map((m) => m.userId), ...(team?.leadUserId ? [team.leadUserId] : [])];
  const stamp = { created_by: null, created_at: now.toISOString(), updated_at: now.toISOString() };

  const agentCourseIds = await insertCourses(trx, orgUnitId, agentCourses, 4, now);
  const agentPlan = await repo.insertPlan(trx, {
    org_unit_id: orgUnitId,
    title: '坐席培训计划',
    description:
      '全体坐席；每周一次内部培训，每次 4 小时，共 8 周，必要时参加外部培训；定期考核，考试不合格者补充培训或重新安排岗位。',
    form: 'internal',
    period_from: nextMonday,
    period_to: addDays(nextMonday, 8 * 7 + 6),
    target: JSON.stringify({ orgUnitIds: [], teamIds: team ? [team.id] : [], roles: [], userIds: [] }),
    ...stamp,
  });
  await repo.replacePlanParticipants(trx, agentPlan, agentIds);
  const weekly = planSessions(calendar, {
    startDate: nextMonday,
    weekdays: [3],
    weeks: 8,
    startTime: '14:00',
    endTime: '18:00',
    dayOff: 'move',
  });
  for (const [i, s] of weekly.entries()) {
    const course = agentCourses[i % agentCourses.length]!;
    await insertPlainSession(trx, agentPlan, {
      courseId: agentCourseIds[i % agentCourseIds.length]!,
      title: course.title,
      area: course.area,
      date: s.date,
      startTime: '14:00',
      endTime: '18:00',
      hours: 4,
      stage: null,
      location: '三楼培训室',
      lecturerUserId: null,
      isMakeUp: false,
      dayOffNote: s.dayOffNote,
      now,
    });
  }

  const hallCourseIds = await insertCourses(trx, orgUnitId, hallCourses, 8, now);
  const hallStart = addDays(nextMonday, 7);
  const hallPlan = await repo.insertPlan(trx, {
    org_unit_id: orgUnitId,
    title: '纳税服务大厅培训计划',
    description: '两周，每周六天，每天 8 小时；通过理论考核方可参加实操培训；实操考核后定期复习。',
    form: 'internal',
    period_from: hallStart,
    period_to: addDays(hallStart, 13),
    target: JSON.stringify({ orgUnitIds: [], teamIds: [], roles: [], userIds: members.map((m) => m.userId) }),
    ...stamp,
  });
  await repo.replacePlanParticipants(
    trx,
    hallPlan,
    members.map((m) => m.userId),
  );
  const daily = planSessions(calendar, {
    startDate: hallStart,
    weekdays: [1, 2, 3, 4, 5, 6],
    weeks: 2,
    startTime: '09:00',
    endTime: '18:00',
    dayOff: 'flag',
  });
  for (const [i, s] of daily.entries()) {
    const isPractical = s.date >= addDays(hallStart, 7);
    const course = hallCourses[i % hallCourses.length]!;
    await insertPlainSession(trx, hallPlan, {
      courseId: isPractical ? null : hallCourseIds[i % hallCourseIds.length]!,
      title: isPractical ? '模拟来电与窗口实操' : course.title,
      area: isPractical ? 'window_skills' : course.area,
      date: s.date,
      startTime: '09:00',
      endTime: '18:00',
      hours: 8,
      stage: isPractical ? '实操培训' : '理论培训',
      location: '办税服务厅培训区',
      lecturerUserId: null,
      isMakeUp: false,
      dayOffNote: s.dayOffNote,
      now,
    });
  }
}

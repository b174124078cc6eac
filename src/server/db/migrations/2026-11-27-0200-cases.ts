import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

/**
 * Complaints and reports (投诉举报): the stored process definitions, the cases, their events,
 * extension requests and attachments, the configurable lists (rejection reasons, complaint types,
 * the three-level classification), time-limit overrides and the case number counters.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('case_processes'))
    .addColumn('key', 'text', notNull)
    .addColumn('version', 'integer', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('definition', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('case_processes_key_version', ['key', 'version'])
    .execute();

  await withId(db, db.schema.createTable('cases'))
    .addColumn('case_no', 'text', (c) => c.notNull().unique())
    .addColumn('category', 'text', notNull)
    .addColumn('process_id', 'integer', (c) => c.notNull().references('case_processes.id'))
    .addColumn('step', 'text', notNull)
    .addColumn('decision', 'text')
    .addColumn('previous_step', 'text')
    .addColumn('previous_holder_id', 'integer', (c) => c.references('users.id'))
    .addColumn('holder_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('claimed_at', 'text')
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('registered_org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('source', 'text', notNull)
    .addColumn('is_named', 'integer', notNull)
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone', 'text')
    .addColumn('subject_name', 'text', notNull)
    .addColumn('content', 'text', notNull)
    .addColumn('complaint_type', 'text')
    .addColumn('contact_id', 'integer')
    .addColumn('classification', 'text')
    .addColumn('rejection_reason', 'text')
    .addColumn('forward_org_unit_id', 'integer', (c) => c.references('org_units.id'))
    .addColumn('needs_acceptance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('registered_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('registered_at', 'text', notNull)
    .addColumn('due_at', 'text', notNull)
    .addColumn('step_entered_at', 'text', notNull)
    .addColumn('step_due_at', 'text')
    .addColumn('step_warn_at', 'text')
    .addColumn('step_warned_at', 'text')
    .addColumn('step_overdue_at', 'text')
    .addColumn('overdue_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('cases_step_org').on('cases').columns(['step', 'org_unit_id']).execute();
  await db.schema.createIndex('cases_holder').on('cases').columns(['holder_user_id', 'step']).execute();
  await db.schema.createIndex('cases_registered_at').on('cases').column('registered_at').execute();
  await db.schema.createIndex('cases_step_warn').on('cases').columns(['step_warned_at', 'step_warn_at']).execute();
  await db.schema.createIndex('cases_step_due').on('cases').columns(['step_overdue_at', 'step_due_at']).execute();
  await db.schema.createIndex('cases_due').on('cases').columns(['overdue_at', 'due_at']).execute();
  await db.schema.createIndex('cases_contact').on('cases').column('contact_id').execute();

  await withId(db, db.schema.createTable('case_events'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('at', 'text', notNull)
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', notNull)
    .addColumn('from_step', 'text')
    .addColumn('to_step', 'text')
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('holder_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('fields', 'text', notNull)
    .addColumn('step_due_at', 'text')
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();

  await withId(db, db.schema.createTable('case_extensions'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('status', 'text', notNull)
    .addColumn('working_days', 'integer', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', notNull)
    .addColumn('step_due_before', 'text')
    .addColumn('due_before', 'text', notNull)
    .addColumn('step_due_after', 'text')
    .addColumn('due_after', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('case_extensions_case').on('case_extensions').columns(['case_id', 'status']).execute();

  await withId(db, db.schema.createTable('case_attachments'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('file_name', 'text', notNull)
    .addColumn('content_type', 'text', notNull)
    .addColumn('size', 'integer', notNull)
    .addColumn('sha256', 'text', notNull)
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('case_attachments_case').on('case_attachments').column('case_id').execute();

  await withId(db, db.schema.createTable('case_options'))
    .addColumn('kind', 'text', notNull)
    .addColumn('category', 'text')
    .addColumn('parent_id', 'integer', (c) => c.references('case_options.id'))
    .addColumn('level', 'integer', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('case_options_kind_code', ['kind', 'code'])
    .execute();
  await db.schema.createIndex('case_options_parent').on('case_options').column('parent_id').execute();

  await db.schema
    .createTable('case_time_limits')
    .addColumn('process_key', 'text', notNull)
    .addColumn('step', 'text', notNull)
    .addColumn('working_days', 'integer', notNull)
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', notNull)
    .addPrimaryKeyConstraint('case_time_limits_pk', ['process_key', 'step'])
    .execute();

  await db.schema
    .createTable('case_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', notNull)
    .execute();

  await seedOptions(db);
}

interface SeedOption {
  code: string;
  name: string;
  children?: SeedOption[];
}

const rejectionReasons: SeedOption[] = [
  { code: 'not_in_scope', name: '不属于投诉举报受理范围' },
  { code: 'other_channel', name: '已经或者依法应当通过诉讼、仲裁、行政复议等途径解决' },
  { code: 'no_clear_subject', name: '没有明确的被投诉举报对象或具体事项' },
  { code: 'no_clue', name: '举报事项无具体违法线索' },
  { code: 'duplicate', name: '重复投诉举报且无新的事实和理由' },
  { code: 'other', name: '其他不予受理情形' },
];

const complaintTypes: SeedOption[] = [
  { code: 'conduct', name: '服务言行投诉' },
  { code: 'efficiency', name: '服务质效投诉' },
  { code: 'rights', name: '侵害纳税人合法权益投诉' },
  { code: 'other', name: '其他投诉' },
];

const complaintClassification: SeedOption[] = [
  {
    code: 'c.conduct',
    name: '服务言行',
    children: [
      {
        code: 'c.conduct.attitude',
        name: '服务态度',
        children: [
          { code: 'c.conduct.attitude.rude', name: '态度生硬、言语不文明' },
          { code: 'c.conduct.attitude.shirk', name: '推诿敷衍' },
        ],
      },
      {
        code: 'c.conduct.norms',
        name: '服务规范',
        children: [
          { code: 'c.conduct.norms.first_contact', name: '未落实首问责任' },
          { code: 'c.conduct.norms.notice_once', name: '未一次性告知' },
        ],
      },
    ],
  },
  {
    code: 'c.efficiency',
    name: '服务质效',
    children: [
      {
        code: 'c.efficiency.speed',
        name: '办税效率',
        children: [
          { code: 'c.efficiency.speed.overtime', name: '办理超时限' },
          { code: 'c.efficiency.speed.queue', name: '排队等候时间过长' },
        ],
      },
      {
        code: 'c.efficiency.skill',
        name: '业务水平',
        children: [
          { code: 'c.efficiency.skill.wrong_answer', name: '答复错误' },
          { code: 'c.efficiency.skill.unclear', name: '政策解释不清' },
        ],
      },
    ],
  },
  {
    code: 'c.rights',
    name: '权益保护',
    children: [
      {
        code: 'c.rights.fees',
        name: '违规收费',
        children: [{ code: 'c.rights.fees.charge', name: '违规收取费用' }],
      },
      {
        code: 'c.rights.privacy',
        name: '信息保护',
        children: [{ code: 'c.rights.privacy.leak', name: '泄露纳税人信息' }],
      },
    ],
  },
];

const reportClassification: SeedOption[] = [
  {
    code: 'r.invoice',
    name: '发票违法',
    children: [
      {
        code: 'r.invoice.false',
        name: '虚开发票',
        children: [
          { code: 'r.invoice.false.special', name: '虚开增值税专用发票' },
          { code: 'r.invoice.false.ordinary', name: '虚开普通发票' },
        ],
      },
      {
        code: 'r.invoice.obtain',
        name: '非法取得发票',
        children: [
          { code: 'r.invoice.obtain.buy', name: '购买虚开发票' },
          { code: 'r.invoice.obtain.noncompliant', name: '取得不合规发票入账' },
        ],
      },
    ],
  },
  {
    code: 'r.evasion',
    name: '偷逃税款',
    children: [
      {
        code: 'r.evasion.income',
        name: '隐匿收入',
        children: [
          { code: 'r.evasion.income.off_book', name: '账外经营' },
          { code: 'r.evasion.income.personal_account', name: '利用个人账户收款' },
        ],
      },
      {
        code: 'r.evasion.cost',
        name: '虚列支出',
        children: [{ code: 'r.evasion.cost.inflate', name: '虚增成本费用' }],
      },
    ],
  },
  {
    code: 'r.other',
    name: '其他涉税违法',
    children: [
      {
        code: 'r.other.refund',
        name: '骗取退税',
        children: [{ code: 'r.other.refund.export', name: '骗取出口退税' }],
      },
      {
        code: 'r.other.misc',
        name: '其他',
        children: [{ code: 'r.other.misc.other', name: '其他涉税违法行为' }],
      },
    ],
  },
];

async function seedOptions(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  const insert = async (
    kind: string,
    category: string | null,
    options: SeedOption[],
    parentId: number | null,
    level: number,
  ) => {
    for (const [index, option] of options.entries()) {
      const row = await db
        .insertInto('case_options')
        .values({
          kind,
          category,
          parent_id: parentId,
          level,
          code: option.code,
          name: option.name,
          sort_order: index + 1,
          is_active: 1,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (option.children) await insert(kind, category, option.children, row.id as number, level + 1);
    }
  };
  await insert('rejection_reason', null, rejectionReasons, null, 1);
  await insert('complaint_type', 'complaint', complaintTypes, null, 1);
  await insert('classification', 'complaint', complaintClassification, null, 1);
  await insert('classification', 'report', reportClassification, null, 1);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'case_counters',
    'case_time_limits',
    'case_options',
    'case_attachments',
    'case_extensions',
    'case_events',
    'cases',
    'case_processes',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

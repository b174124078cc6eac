import type { ProcessDefinition } from '../workflow';

/**
 * 投诉处理流程 — the complaint process, as the operations manual describes it.
 *
 * Read it as: each step lists the actions it offers, the roles that may take them, the fields each
 * needs, the condition under which it is offered (`when`) and the step it leads to (`to`; none: the
 * case stays). Every decision of intake and investigation goes to leader review, which approves it.
 * Time limits are working days (an administrator may change them on 办理时限; the values here are
 * the defaults: 纳税服务投诉管理办法 allows one working day to decide acceptance and ten to handle).
 *
 * A running case follows the version it started with: change anything here → raise `version`.
 */
export const complaintProcess = {
  key: 'complaint',
  version: 1,
  name: '投诉处理流程',
  periodWorkingDays: 15,
  steps: [
    {
      step: 'intake',
      workingDays: 1,
      actions: [
        {
          action: 'accept',
          roles: ['intake'],
          fields: { classification: 'required', comment: 'optional' },
          to: 'leader_review',
          decision: 'accepted',
        },
        {
          action: 'reject',
          roles: ['intake'],
          fields: { reason: 'required', comment: 'optional' },
          to: 'leader_review',
          decision: 'rejected',
        },
        {
          action: 'forward',
          roles: ['intake'],
          fields: { orgUnitId: 'required', comment: 'optional' },
          to: 'leader_review',
          decision: 'forwarded',
        },
        { action: 'set_period', roles: ['intake'], fields: { periodEnd: 'required', comment: 'optional' } },
      ],
    },
    {
      step: 'leader_review',
      workingDays: 1,
      actions: [
        {
          action: 'to_handling',
          roles: ['leader'],
          fields: { comment: 'optional' },
          when: { decisions: ['accepted', 'forwarded'] },
          to: 'investigation',
        },
        {
          action: 'to_feedback',
          roles: ['leader'],
          fields: { comment: 'optional' },
          when: { decisions: ['rejected', 'terminated'] },
          to: 'feedback',
        },
        {
          action: 'close',
          roles: ['leader'],
          fields: { comment: 'optional' },
          when: { decisions: ['fed_back', 'terminated'] },
          to: 'closed',
        },
        {
          action: 'send_back',
          roles: ['leader'],
          fields: { comment: 'required' },
          when: { decisions: ['accepted', 'rejected', 'forwarded', 'terminated', 'fed_back'] },
          to: 'previous',
        },
        {
          action: 'approve_extension',
          roles: ['leader'],
          fields: { comment: 'optional' },
          when: { decisions: ['extension_requested'] },
          to: 'previous',
        },
        {
          action: 'deny_extension',
          roles: ['leader'],
          fields: { comment: 'optional' },
          when: { decisions: ['extension_requested'] },
          to: 'previous',
        },
      ],
    },
    {
      step: 'investigation',
      workingDays: 10,
      actions: [
        // A case forwarded from another office is accepted (or not) here first.
        {
          action: 'accept',
          roles: ['intake', 'investigator'],
          fields: { classification: 'required', comment: 'optional' },
          when: { acceptancePending: true },
          to: 'leader_review',
          decision: 'accepted',
        },
        {
          action: 'reject',
          roles: ['intake', 'investigator'],
          fields: { reason: 'required', comment: 'optional' },
          when: { acceptancePending: true },
          to: 'leader_review',
          decision: 'rejected',
        },
        {
          action: 'forward',
          roles: ['intake', 'investigator'],
          fields: { orgUnitId: 'required', comment: 'optional' },
          when: { acceptancePending: true },
          to: 'leader_review',
          decision: 'forwarded',
        },
        {
          action: 'record_findings',
          roles: ['investigator'],
          fields: { findings: 'required' },
          when: { acceptancePending: false },
        },
        {
          action: 'terminate',
          roles: ['investigator'],
          fields: { reason: 'required' },
          when: { acceptancePending: false },
          to: 'leader_review',
          decision: 'terminated',
        },
        {
          action: 'request_extension',
          roles: ['investigator'],
          fields: { workingDays: 'required', reason: 'required' },
          when: { acceptancePending: false },
          to: 'leader_review',
          decision: 'extension_requested',
        },
        {
          action: 'finish',
          roles: ['investigator'],
          fields: { result: 'required' },
          when: { acceptancePending: false },
          to: 'feedback',
        },
      ],
    },
    {
      step: 'feedback',
      workingDays: 2,
      actions: [
        {
          action: 'give_feedback',
          roles: ['feedback'],
          fields: { method: 'required', content: 'required', date: 'optional' },
          when: { named: true },
          to: 'leader_review',
          decision: 'fed_back',
        },
        // Anonymous complainants cannot be told anything: the step records that instead.
        {
          action: 'record_no_feedback',
          roles: ['feedback'],
          fields: { comment: 'optional' },
          when: { named: false },
          to: 'leader_review',
          decision: 'fed_back',
        },
      ],
    },
    { step: 'closed', workingDays: null, actions: [] },
  ],
} as const satisfies ProcessDefinition;

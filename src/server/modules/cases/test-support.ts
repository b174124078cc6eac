import { expect } from 'vitest';
import { type Session, sessionRequests, type TestApp } from '../../test/harness';

/** The demo users of the complaint and report workflow, logged in. */
export interface CaseSessions {
  agent: Session;
  intake: Session;
  intake2: Session;
  leader: Session;
  investigator: Session;
  feedback: Session;
}

/** Small helpers over the harness's session requests for the cases API, shared by the module's suites. */
export function caseClient(t: TestApp) {
  const { post, get } = sessionRequests(() => t);

  const client = {
    post,
    get,
    async logins(): Promise<CaseSessions> {
      return {
        agent: await t.login('agent1'),
        intake: await t.login('intake1'),
        intake2: await t.login('intake2'),
        leader: await t.login('leader1'),
        investigator: await t.login('investigator1'),
        feedback: await t.login('feedback1'),
      };
    },
    async orgUnitId(s: Session, code: string): Promise<number> {
      const units = (await get(s, '/api/org-units')).json() as Array<{ id: number; code: string }>;
      return units.find((u) => u.code === code)!.id;
    },
    /** Registers a case and returns its id (a named complaint unless told otherwise). */
    async register(s: Session, overrides: Record<string, unknown> = {}): Promise<number> {
      const res = await post(s, '/api/cases', {
        category: 'complaint',
        source: 'phone',
        named: true,
        reporterName: '张三',
        reporterPhone: '13812345678',
        subjectName: '示范市某办税服务厅',
        content: '窗口人员态度生硬，未一次性告知所需资料。',
        complaintType: 'conduct',
        ...overrides,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as number;
    },
    claim: (s: Session, id: number) => post(s, `/api/cases/${id}/claim`),
    act: (s: Session, id: number, body: Record<string, unknown>) => post(s, `/api/cases/${id}/actions`, body),
    /** Claims the case and takes the action, expecting both to succeed; returns the case after it. */
    async claimAndAct(s: Session, id: number, body: Record<string, unknown>) {
      const claimed = await client.claim(s, id);
      expect(claimed.statusCode, claimed.body).toBe(200);
      const res = await client.act(s, id, body);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
    async read(s: Session, id: number) {
      const res = await get(s, `/api/cases/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
  };
  return client;
}

export const complaintClassification = ['c.conduct', 'c.conduct.attitude', 'c.conduct.attitude.rude'];
export const reportClassification = ['r.invoice', 'r.invoice.false', 'r.invoice.false.special'];

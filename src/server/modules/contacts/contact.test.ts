import { describe, expect, it } from 'vitest';
import {
  assertContactTransition,
  assertTransferOpen,
  dueStateOf,
  formatContactNo,
  formatTicketNo,
  satisfactionOfIvrPath,
  satisfactionOfSmsReply,
} from './contact';

describe('contact rules', () => {
  it('numbers contacts and tickets by the Shanghai date', () => {
    // 23:30 UTC on the 26th is already the 27th in Shanghai.
    expect(formatContactNo(new Date('2026-11-26T23:30:00Z'), 123)).toBe('LD20261127000123');
    expect(formatTicketNo(new Date('2026-11-27T02:00:00Z'), 1)).toBe('GD202611270001');
  });

  it('lets a contact move only along its workflow', () => {
    expect(() => assertContactTransition('returned', 'transferred', '转办')).not.toThrow();
    expect(() => assertContactTransition('awaiting_callback', 'closed', '回访')).not.toThrow();
    expect(() => assertContactTransition('closed', 'transferred', '转办')).toThrow(/已办结，不能转办/);
    expect(() => assertContactTransition('handed_over', 'transferred', '转办')).toThrow();
    expect(() => assertTransferOpen('answered', '答复')).toThrow(/已被答复/);
    expect(() => assertTransferOpen('open', '答复')).not.toThrow();
  });

  it('colours a transfer by its due time', () => {
    const now = new Date('2026-11-30T02:00:00Z');
    const endOfNext = new Date('2026-11-30T16:00:00Z');
    expect(dueStateOf(new Date('2026-11-30T01:00:00Z'), now, endOfNext)).toBe('overdue');
    expect(dueStateOf(new Date('2026-11-30T16:00:00Z'), now, endOfNext)).toBe('due_soon');
    expect(dueStateOf(new Date('2026-12-01T16:00:00Z'), now, endOfNext)).toBe('on_time');
  });

  it('reads the satisfaction key of an IVR path', () => {
    expect(satisfactionOfIvrPath('1>3>S1')).toBe('satisfied');
    expect(satisfactionOfIvrPath('S2')).toBe('basically_satisfied');
    expect(satisfactionOfIvrPath('2-s3')).toBe('unsatisfied');
    expect(satisfactionOfIvrPath('1>3')).toBeNull();
    expect(satisfactionOfIvrPath('S4')).toBeNull();
    expect(satisfactionOfIvrPath(undefined)).toBeNull();
  });

  it('reads an SMS reply as a rating', () => {
    expect(satisfactionOfSmsReply('1')).toBe('satisfied');
    expect(satisfactionOfSmsReply(' 3 谢谢')).toBe('unsatisfied');
    expect(satisfactionOfSmsReply('基本满意')).toBe('basically_satisfied');
    expect(satisfactionOfSmsReply('不满意，没解决')).toBe('unsatisfied');
    expect(satisfactionOfSmsReply('满意')).toBe('satisfied');
    expect(satisfactionOfSmsReply('12')).toBeNull();
    expect(satisfactionOfSmsReply('你好')).toBeNull();
  });
});

/** Tables of the filing calendar (migration 2026-11-27-0300-tools). */
export interface FilingCalendarTables {
  /** A deadline the tax administration announced, replacing the computed one for a period. */
  filing_deadline_overrides: {
    period_key: string;
    deadline: string;
    document: string | null;
    note: string | null;
    updated_by: number | null;
    updated_at: string;
  };
}

import type { Generated } from 'kysely';
import type { BulletinStatus } from '../../../shared/bulletin';

/** The tables of the bulletin module (信息专报). */
export interface BulletinTables {
  bulletins: BulletinTable;
}

export interface BulletinTable {
  id: Generated<number>;
  org_unit_id: number;
  /** YYYY-MM, the month the bulletin reports on (Asia/Shanghai). */
  month: string;
  /** 1, 2, … per org unit and month: every generation is a new version. */
  version: number;
  /** `draft`, `published`, or `superseded` once a later version of the same month is published. */
  status: BulletinStatus;
  /** JSON BulletinFigures: the figures the text and charts were written from, frozen with the version. */
  figures: string;
  /** JSON BulletinRemarks: the editor's note (编者按) and a remark per section, plain text. */
  remarks: string;
  docx: Buffer;
  docx_size: number;
  docx_sha256: string;
  /** The user who generated it; null for the scheduled job. */
  generated_by: number | null;
  generated_at: string;
  updated_at: string;
  published_by: number | null;
  published_at: string | null;
}

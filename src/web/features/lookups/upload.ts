/**
 * Moved to components/upload.ts; this re-export only serves lookups.api.ts and reminders.api.ts
 * until they import from there (they are being rewritten onto the shared schemas).
 */
export { uploadFile } from '../../components/upload';

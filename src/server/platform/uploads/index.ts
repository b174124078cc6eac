/**
 * One way to take a file from a client: `receiveUpload` (multipart, size and count limits, the type
 * decided by content, every malformed body a 4xx) and `readTabularRows` (CSV in UTF-8/GB18030 or
 * .xlsx within limits, rows with their line numbers). Every upload route goes through here.
 */
export { type DetectedType, detectFileType } from './file-types';
export {
  type AcceptedTypes,
  cleanFileName,
  FILE_FIELD,
  fileTooLarge,
  installUploads,
  type ReceivedUpload,
  type ReceiveOptions,
  receiveUpload,
} from './receive';
export {
  type ColumnSpec,
  emptyTable,
  MAX_REPORTED_ERRORS,
  mapHeader,
  pick,
  type RowError,
  readTabularRows,
  type TabularRow,
  tabularTypes,
  XLSX_MIME,
} from './tabular';
export { cellText, defaultXlsxLimits, readXlsxRows, type XlsxLimits, type XlsxRow } from './xlsx-rows';

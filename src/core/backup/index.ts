/** Encrypted export / import (format: docs/backup-format.md). */
export { exportBackup, type ExportOptions } from './export';
export { readBackup } from './import';
export { planMerge, type ImportPreview, type MergePlan } from './merge';
export {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  MAX_BACKUP_CHARS,
  MAX_BACKUP_RECORDS,
  parseBackupFile,
  recordAad,
  wrapAad,
  type BackupFile,
  type BackupRecord,
} from './format';

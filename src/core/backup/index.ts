/** Encrypted export / import (format: docs/backup-format.md). */
export { exportBackup, sealManifest, type ExportOptions } from './export';
export { readBackup, readBackupFile, type BackupContents } from './import';
export {
  planMerge,
  type DomainChange,
  type ImportPreview,
  type MergeOptions,
  type MergePlan,
} from './merge';
export {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  manifestAad,
  parseManifest,
  type BackupVersion,
  type Manifest,
  MAX_BACKUP_CHARS,
  MAX_BACKUP_RECORDS,
  parseBackupFile,
  recordAad,
  wrapAad,
  type BackupFile,
  type BackupRecord,
} from './format';

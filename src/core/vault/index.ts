/**
 * The vault: its stored format (`format.ts`), what it needs from outside
 * (`ports.ts`), the header's life (`store.ts`), the open vault (`unlocked.ts`)
 * and its encrypted records with the compare-and-swap writes (`records.ts`).
 * docs/architecture.md ("Vault") maps each part.
 */
export {
  VAULT_FORMAT,
  VAULT_VERSION,
  headerAad,
  headerText,
  indexAad,
  recordAad,
  type IndexEntry,
  type StoredHeader,
  type StoredIndex,
  type StoredRecord,
} from './format';
export {
  memoryLock,
  type LockProvider,
  type VaultCommit,
  type VaultDeps,
  type VaultReplacement,
  type VaultRepository,
} from './ports';
export { VaultStore } from './store';
export { type ListResult } from './records';
export { UnlockedVault, type Claim } from './unlocked';

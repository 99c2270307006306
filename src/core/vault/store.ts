/**
 * Opens, creates and deletes the vault, and changes its passphrase: the
 * header's life. The store holds no key; what it opens is an `UnlockedVault`.
 * The header's checksum tells corruption apart from a wrong passphrase, and
 * nothing is written on a failed unlock (docs/design.md §2).
 */
import {
  checksum,
  deriveKek,
  exportDek,
  generateDek,
  importDek,
  newKdfParams,
  parseKdfParams,
  unwrapDek,
  wrapDek,
} from '../crypto';
import { BackstopError } from '../errors';
import { assertNewPassphrase } from '../passphrase';
import { randomId } from '../random';
import {
  VAULT_FORMAT,
  VAULT_VERSION,
  corruptedHeader,
  headerAad,
  headerText,
  parseHeader,
  type StoredHeader,
} from './format';
import { memoryLock, type LockProvider, type VaultDeps, type VaultReplacement } from './ports';
import { readEverything, sealEverything } from './reencrypt';
import { UnlockedVault } from './unlocked';

/** Another context wrote between this write's read and its compare-and-swap. */
const changedMeanwhile = () =>
  new BackstopError(
    'internal',
    'The vault changed at the same time. Nothing was changed; try again.',
  );

/** Opens, creates and deletes the vault. Holds no key. */
export class VaultStore {
  private readonly locks: LockProvider;

  constructor(private readonly deps: VaultDeps) {
    this.locks = deps.locks ?? memoryLock();
  }

  async exists(): Promise<boolean> {
    return (await this.deps.repo.getHeader()) !== undefined;
  }

  /** Reads and checks the header: `no-vault`, `corrupted-header`. */
  async readHeader(): Promise<StoredHeader> {
    const raw = await this.deps.repo.getHeader();
    if (raw === undefined)
      throw new BackstopError('no-vault', 'There is no vault yet. Create one first.');
    const h = parseHeader(raw);
    const { checksum: stored, ...rest } = h;
    if ((await checksum(this.deps.crypto.subtle, headerText(rest))) !== stored) {
      throw corruptedHeader();
    }
    return h;
  }

  private async sealHeader(h: Omit<StoredHeader, 'checksum'>): Promise<StoredHeader> {
    return { ...h, checksum: await checksum(this.deps.crypto.subtle, headerText(h)) };
  }

  /** Creates a new vault; refuses when one exists. Returns it unlocked. */
  async create(passphrase: string, iterations: number): Promise<UnlockedVault> {
    assertNewPassphrase(passphrase);
    const { crypto } = this.deps;
    const kdf = newKdfParams(crypto, iterations);
    if (!parseKdfParams(kdf)) throw new BackstopError('invalid-input', 'Bad KDF parameters.');
    const vaultId = randomId(crypto);
    const dek = await generateDek(crypto.subtle);
    const kek = await deriveKek(crypto.subtle, passphrase, kdf);
    const header = await this.sealHeader({
      format: VAULT_FORMAT,
      version: VAULT_VERSION,
      vaultId,
      createdAt: this.deps.now(),
      kdf,
      wrappedKey: await wrapDek(crypto, dek, kek, headerAad(vaultId, kdf)),
    });
    const raw = await exportDek(crypto.subtle, dek);
    if (!(await this.deps.repo.putHeader(header, null))) {
      throw new BackstopError('vault-exists', 'A vault already exists in this browser.');
    }
    return this.open(vaultId, raw);
  }

  /**
   * Unlocks with the passphrase. Never writes anything. Errors:
   * `no-vault`, `corrupted-header`, `wrong-passphrase`.
   */
  async unlock(passphrase: string): Promise<UnlockedVault> {
    const header = await this.readHeader();
    const { dek, kek } = await this.unwrapKeys(header, passphrase);
    if (header.version !== VAULT_VERSION) await this.migrate(header, dek, kek);
    return this.open(header.vaultId, await exportDek(this.deps.crypto.subtle, dek));
  }

  /** The data key (extractable) and the passphrase's KEK: `wrong-passphrase`. */
  private async unwrapKeys(
    header: StoredHeader,
    passphrase: string,
  ): Promise<{ dek: CryptoKey; kek: CryptoKey }> {
    if (typeof passphrase !== 'string' || passphrase.length === 0 || passphrase.length > 4096) {
      throw new BackstopError('wrong-passphrase', 'Wrong passphrase.');
    }
    const { subtle } = this.deps.crypto;
    const kek = await deriveKek(subtle, passphrase, header.kdf);
    const dek = await unwrapDek(
      subtle,
      header.wrappedKey,
      kek,
      headerAad(header.vaultId, header.kdf, header.version),
      true,
    );
    if (!dek) throw new BackstopError('wrong-passphrase', 'Wrong passphrase.');
    return { dek, kek };
  }

  private async unwrapRaw(
    header: StoredHeader,
    passphrase: string,
  ): Promise<Uint8Array<ArrayBuffer>> {
    const { dek } = await this.unwrapKeys(header, passphrase);
    return exportDek(this.deps.crypto.subtle, dek);
  }

  /**
   * Brings a version 1 vault to the current format with the same data key:
   * every record and the index sealed with their revisions in the AAD, and
   * the key re-wrapped under the version 2 header AAD, all in one transaction
   * (the version 1 vault stays whole until it commits). Records that did not
   * open are carried over unchanged and listed as skipped.
   */
  private async migrate(header: StoredHeader, dek: CryptoKey, kek: CryptoKey): Promise<void> {
    await this.locks.run('backstop-vault-header', async () => {
      const { crypto } = this.deps;
      const read = await readEverything(this.deps, header, dek, true);
      const aad = headerAad(header.vaultId, header.kdf);
      const wrappedKey = await wrapDek(crypto, dek, kek, aad);
      if (!(await unwrapDek(crypto.subtle, wrappedKey, kek, aad, true))) {
        throw new BackstopError('internal', 'Could not update the vault. Nothing was changed.');
      }
      const { puts, index } = await sealEverything(crypto, dek, header.vaultId, read);
      const { checksum: oldChecksum, ...rest } = header;
      const updated = await this.sealHeader({ ...rest, version: VAULT_VERSION, wrappedKey });
      await this.replaceAllOrThrow({
        header: updated,
        expectedChecksum: oldChecksum,
        puts,
        index,
        indexExpectedRev: read.indexRev,
      });
    });
  }

  /** Re-opens with the raw DEK kept in session memory (service-worker wake-up). */
  async resume(vaultId: string, raw: Uint8Array<ArrayBuffer>): Promise<UnlockedVault> {
    const header = await this.readHeader();
    // A version 1 header here means the vault was never migrated by this key's unlock.
    if (header.vaultId !== vaultId || header.version !== VAULT_VERSION) {
      throw new BackstopError('locked', 'The vault changed since it was unlocked. Unlock again.');
    }
    return this.open(vaultId, raw);
  }

  /**
   * Writes a whole new vault (a migration, a re-encryption) in the
   * repository's one transaction; when anything it read has changed since,
   * nothing is written and the caller learns why.
   */
  private async replaceAllOrThrow(change: VaultReplacement): Promise<void> {
    if (!(await this.deps.repo.replaceAll(change))) throw changedMeanwhile();
  }

  private async open(vaultId: string, raw: Uint8Array<ArrayBuffer>): Promise<UnlockedVault> {
    const dek = await importDek(this.deps.crypto.subtle, raw);
    return new UnlockedVault(this.deps, this.locks, vaultId, dek, raw);
  }

  /**
   * Re-wraps the DEK under a new passphrase (new salt); records are untouched.
   * The new header is test-unwrapped before it replaces the old one in one write.
   */
  async changePassphrase(current: string, next: string, iterations?: number): Promise<void> {
    assertNewPassphrase(next);
    await this.locks.run('backstop-vault-header', async () => {
      const header = await this.readHeader();
      const { crypto } = this.deps;
      const raw = await this.unwrapRaw(header, current);
      const dek = await importDek(crypto.subtle, raw, true);
      const kdf = newKdfParams(crypto, iterations ?? header.kdf.iterations);
      const kek = await deriveKek(crypto.subtle, next, kdf);
      const aad = headerAad(header.vaultId, kdf, header.version);
      const wrappedKey = await wrapDek(crypto, dek, kek, aad);
      const check = await unwrapDek(crypto.subtle, wrappedKey, kek, aad, true);
      if (!check)
        throw new BackstopError(
          'internal',
          'Could not verify the new passphrase. Nothing was changed.',
        );
      const { checksum: oldChecksum, ...rest } = header;
      const updated = await this.sealHeader({ ...rest, kdf, wrappedKey });
      if (!(await this.deps.repo.putHeader(updated, oldChecksum))) throw changedMeanwhile();
    });
  }

  /**
   * Changes the passphrase *and* the data key: every record and the index are
   * decrypted with the old key and sealed under a new one, with a new vault id,
   * and written together with the new header in one transaction. Nothing
   * changes if the current passphrase is wrong, an account is damaged (it
   * would be lost), or the vault changed meanwhile. Returns the vault opened
   * with the new key; the old key opens nothing any more.
   */
  async changePassphraseAndReencrypt(
    current: string,
    next: string,
    iterations?: number,
  ): Promise<UnlockedVault> {
    assertNewPassphrase(next);
    return this.locks.run('backstop-vault-header', async () => {
      const header = await this.readHeader();
      const { crypto } = this.deps;
      const oldDek = await importDek(crypto.subtle, await this.unwrapRaw(header, current));
      const read = await readEverything(this.deps, header, oldDek);
      const vaultId = randomId(crypto);
      const dek = await generateDek(crypto.subtle);
      const kdf = newKdfParams(crypto, iterations ?? header.kdf.iterations);
      const kek = await deriveKek(crypto.subtle, next, kdf);
      const aad = headerAad(vaultId, kdf);
      const wrappedKey = await wrapDek(crypto, dek, kek, aad);
      if (!(await unwrapDek(crypto.subtle, wrappedKey, kek, aad, true))) {
        throw new BackstopError(
          'internal',
          'Could not verify the new passphrase. Nothing was changed.',
        );
      }
      const { puts, index } = await sealEverything(crypto, dek, vaultId, read);
      const { checksum: oldChecksum, ...rest } = header;
      const updated = await this.sealHeader({
        ...rest,
        version: VAULT_VERSION,
        vaultId,
        kdf,
        wrappedKey,
      });
      await this.replaceAllOrThrow({
        header: updated,
        expectedChecksum: oldChecksum,
        puts,
        index,
        indexExpectedRev: read.indexRev,
      });
      return this.open(vaultId, await exportDek(crypto.subtle, dek));
    });
  }

  /**
   * Deletes every record and the header, only for the master passphrase: it
   * is checked by unwrapping the data key exactly as an unlock does, so a
   * locked browser cannot be emptied by someone who only knows the word
   * DELETE. Errors: `no-vault`, `corrupted-header`, `wrong-passphrase`.
   */
  async destroy(passphrase: string): Promise<void> {
    await this.locks.run('backstop-vault-header', async () => {
      await this.unwrapRaw(await this.readHeader(), passphrase);
      await this.deps.repo.clear();
    });
  }
}

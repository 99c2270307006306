import type { KeyValueArea } from '../storage-areas';

/** An in-memory `storage.session` / `storage.local` stand-in that round-trips through JSON like the real one. */
export function memoryArea(): KeyValueArea & { dump(): string } {
  const data = new Map<string, string>();
  return {
    async get(key) {
      const v = data.get(key);
      return v === undefined ? undefined : JSON.parse(v);
    },
    async set(key, value) {
      data.set(key, JSON.stringify(value));
    },
    async remove(key) {
      data.delete(key);
    },
    dump() {
      return JSON.stringify([...data.entries()]);
    },
  };
}

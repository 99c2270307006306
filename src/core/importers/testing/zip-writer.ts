/** Builds ZIP archives for tests (stored or deflated, with or without a data descriptor). */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../zip';

export interface TestEntry {
  name: string;
  data: Uint8Array | string;
  deflate?: boolean;
  /** Sizes and CRC only in a data descriptor after the data (streamed writers do this). */
  descriptor?: boolean;
  /** Sets the "encrypted" flag (the data is left as is). */
  encryptedFlag?: boolean;
  /** Overrides the CRC written, to simulate damage. */
  crc?: number;
  /** Overrides the uncompressed size written. */
  size?: number;
}

export function buildZip(entries: TestEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? enc.encode(e.data) : e.data;
    const body = e.deflate ? new Uint8Array(deflateRawSync(raw)) : raw;
    const name = enc.encode(e.name);
    const crc = e.crc ?? crc32(raw);
    const size = e.size ?? raw.length;
    const flags = (e.descriptor ? 8 : 0) | (e.encryptedFlag ? 1 : 0);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, flags, true);
    local.setUint16(8, e.deflate ? 8 : 0, true);
    if (!e.descriptor) {
      local.setUint32(14, crc, true);
      local.setUint32(18, body.length, true);
      local.setUint32(22, size, true);
    }
    local.setUint16(26, name.length, true);
    const localBytes = new Uint8Array(local.buffer);
    parts.push(localBytes, name, body);
    let length = localBytes.length + name.length + body.length;
    if (e.descriptor) {
      const d = new DataView(new ArrayBuffer(16));
      d.setUint32(0, 0x08074b50, true);
      d.setUint32(4, crc, true);
      d.setUint32(8, body.length, true);
      d.setUint32(12, size, true);
      parts.push(new Uint8Array(d.buffer));
      length += 16;
    }
    const c = new DataView(new ArrayBuffer(46));
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, flags, true);
    c.setUint16(10, e.deflate ? 8 : 0, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, body.length, true);
    c.setUint32(24, size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.push(new Uint8Array(c.buffer), name);
    offset += length;
  }
  const dirSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

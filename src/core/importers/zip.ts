/**
 * Just enough of the ZIP format (APPNOTE 6.3) to take one named file out of
 * an archive: the 1Password `.1pux` export and Proton Pass's zipped export.
 * Entries are read from the central directory; only "stored" and "deflate"
 * entries are supported, inflated with the platform's
 * `DecompressionStream('deflate-raw')`, size-capped and CRC-checked.
 */
import { BackstopError } from '../errors';

/** One file listed in the archive's central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const MAX_ENTRIES = 100_000;

function damaged(message = 'This archive is damaged or not a ZIP file.'): never {
  throw new BackstopError('parse-error', message, { reason: 'damaged' });
}

/** True when the bytes start like a ZIP archive (a local file header, or an empty archive). */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

/**
 * Lists the files of a ZIP archive from its central directory.
 * @throws BackstopError `parse-error` for a damaged archive or a ZIP64 one
 */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is 22 bytes plus a comment of up to 65,535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 0xffff; i--) {
    if (view.getUint32(i, true) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) damaged();
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) {
    damaged('This archive uses ZIP64, which an export this size never needs.');
  }
  if (count > MAX_ENTRIES || dirOffset + dirSize > end) damaged();
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > end || view.getUint32(p, true) !== CENTRAL_HEADER) damaged();
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > end) damaged();
    entries.push({
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3), as stored in every ZIP entry. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

async function inflateRaw(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') {
    throw new BackstopError(
      'parse-error',
      'This browser cannot open ZIP archives. Extract the archive and choose the file inside it.',
      { reason: 'unsupported' },
    );
  }
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data);
      controller.close();
    },
  });
  const reader = source
    .pipeThrough(
      new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      // Checked while inflating: a small archive can expand to gigabytes.
      if (total > maxBytes) {
        await reader.cancel();
        damaged('A file in this archive is larger than it says; it was not opened.');
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof BackstopError) throw e;
    damaged();
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * The content of one entry, checked against its size and CRC-32.
 * @param maxBytes refuse entries (declared or actual) larger than this
 * @throws BackstopError `parse-error` for an encrypted, damaged, oversized or
 *   unsupported (neither stored nor deflate) entry
 */
export async function readZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
): Promise<Uint8Array> {
  if (entry.flags & 1) {
    throw new BackstopError('parse-error', 'This archive is encrypted.', { reason: 'encrypted' });
  }
  if (entry.size > maxBytes) damaged(`“${entry.name}” is too large to be an export.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) damaged();
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) damaged();
  const raw = bytes.subarray(start, stop);
  let data: Uint8Array;
  if (entry.method === 0) data = raw.slice();
  else if (entry.method === 8) data = await inflateRaw(raw, maxBytes);
  else damaged(`“${entry.name}” is compressed in a way Backstop cannot read.`);
  if (data.length !== entry.size || crc32(data) !== entry.crc32) damaged();
  return data;
}

import { makeZip } from "../node/zip-fixtures.js";

const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/** The end-of-central-directory record's offset (archives here carry no comment). */
function endOf(zip: Buffer): number {
  const at = zip.length - 22;
  if (zip.readUInt32LE(at) !== END) throw new Error("fixture: no end-of-central-directory record");
  return at;
}

/** Every central-directory record: its offset, and the entry name it holds. */
function centralRecords(zip: Buffer): Array<{ at: number; name: string }> {
  const end = endOf(zip);
  const records: Array<{ at: number; name: string }> = [];
  let at = zip.readUInt32LE(end + 16);
  while (zip.readUInt32LE(at) === CENTRAL) {
    const nameLength = zip.readUInt16LE(at + 28);
    records.push({ at, name: zip.toString("latin1", at + 46, at + 46 + nameLength) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return records;
}

/** Replaces an entry's name with another of the same length, in its local header and the central directory. */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error("fixture: names must have the same length");
  const out = Buffer.from(zip);
  for (let at = out.indexOf(from); at !== -1; at = out.indexOf(from, at + from.length)) out.write(to, at, "latin1");
  return out;
}

/** Makes the central directory declare `size` uncompressed bytes for `name` (more than it really holds). */
export function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const record = centralRecords(out).find((r) => r.name === name);
  if (!record) throw new Error(`fixture: no entry ${name}`);
  out.writeUInt32LE(size, record.at + 24);
  return out;
}

/**
 * An overlapping-entry zip bomb: one deflated entry of `entrySize` zero bytes, and `count` central-directory records
 * (`k0000`, `k0001`, …) that all point at its data.
 */
export async function overlappingBomb(count: number, entrySize: number): Promise<Buffer> {
  const zip = await makeZip({ k0000: "\0".repeat(entrySize) });
  const end = endOf(zip);
  const [record] = centralRecords(zip);
  if (!record) throw new Error("fixture: no entry");
  const one = zip.subarray(record.at, end);
  const records = Array.from({ length: count }, (_, i) => {
    const copy = Buffer.from(one);
    copy.write(`k${String(i).padStart(4, "0")}`, 46, "latin1");
    return copy;
  });
  const eocd = Buffer.from(zip.subarray(end));
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(one.length * count, 12);
  return Buffer.concat([zip.subarray(0, record.at), ...records, eocd]);
}

/** The user and group ids of `nobody`, whom the tests become to meet permission bits. */
const NOBODY = 65534;

/**
 * Runs `fn` as an ordinary user, so that a read-only folder refuses writes. Root ignores permission bits (tests often
 * run as root in a container), so there the effective user and group become nobody's for the call (the real ones stay
 * root, which lets them be restored after); everything `fn` touches must then be open to that user.
 */
export async function asUnprivileged<T>(fn: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0 || !process.setegid || !process.seteuid) return fn();
  process.setegid(NOBODY);
  process.seteuid(NOBODY);
  try {
    return await fn();
  } finally {
    process.seteuid(0);
    process.setegid(0);
  }
}

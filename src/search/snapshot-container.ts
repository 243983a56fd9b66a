import { promises as fs } from 'node:fs';
import os from 'node:os';
import { crc32 } from 'node:zlib';

/**
 * The snapshot's file layout: a fixed header region (magic, then a JSON header with the
 * section table, the payload length and its CRC-32), then the sections, each 8-byte aligned.
 * Number arrays are stored as their raw bytes, so loading them costs a copy, not a parse.
 */
const MAGIC = Buffer.from('PBSNAP01', 'latin1');
const HEADER_REGION = 16_384;
const ALIGNMENT = 8;
const NEWLINE = 0x0a;

export type Section =
  | { readonly name: string; readonly kind: 'u8'; readonly data: Uint8Array }
  | { readonly name: string; readonly kind: 'u16'; readonly data: Uint16Array }
  | { readonly name: string; readonly kind: 'u32'; readonly data: Uint32Array }
  /** Strings without NUL characters, NUL-separated. */
  | { readonly name: string; readonly kind: 'strings'; readonly data: readonly string[] }
  /** Any JSON values, one per line, produced lazily so a large list is never one big string; stored as ASCII. */
  | { readonly name: string; readonly kind: 'json-lines'; readonly data: Iterable<unknown> };

interface SectionInfo {
  readonly name: string;
  readonly kind: Section['kind'];
  readonly offset: number;
  readonly bytes: number;
  readonly count: number;
}

interface Header {
  readonly meta: unknown;
  readonly payloadBytes: number;
  readonly crc32: number;
  readonly littleEndian: boolean;
  readonly sections: readonly SectionInfo[];
}

/** Why a snapshot file cannot be trusted; the caller rebuilds. */
export class SnapshotInvalid extends Error {}

/** Writes the sections to a temporary file and renames it into place, so a reader never sees half a file. */
export async function writeContainer(file: string, meta: unknown, sections: readonly Section[]): Promise<{ bytes: number; crc32: number }> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(temporary, 'w');
  try {
    let position = HEADER_REGION;
    let checksum = 0;
    const table: SectionInfo[] = [];
    const put = async (bytes: Uint8Array): Promise<void> => {
      checksum = crc32(bytes, checksum);
      await handle.write(bytes, 0, bytes.length, position);
      position += bytes.length;
    };
    for (const section of sections) {
      const pad = (ALIGNMENT - ((position - HEADER_REGION) % ALIGNMENT)) % ALIGNMENT;
      if (pad) await put(new Uint8Array(pad));
      const offset = position - HEADER_REGION;
      let count = 0;
      if (section.kind === 'strings') {
        count = section.data.length;
        await put(Buffer.from(section.data.join('\0'), 'utf8'));
      } else if (section.kind === 'json-lines') {
        for (const value of section.data) {
          await put(Buffer.from(`${asciiJson(value)}\n`, 'latin1'));
          count++;
          // Lets the bot answer between chunks when it saves while running.
          if (count % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      } else {
        count = section.data.length;
        await put(new Uint8Array(section.data.buffer, section.data.byteOffset, section.data.byteLength));
      }
      table.push({ name: section.name, kind: section.kind, offset, bytes: position - HEADER_REGION - offset, count });
    }
    const header: Header = { meta, payloadBytes: position - HEADER_REGION, crc32: checksum, littleEndian: os.endianness() === 'LE', sections: table };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    if (MAGIC.length + 4 + headerBytes.length > HEADER_REGION) throw new Error('snapshot header does not fit its region');
    const lead = Buffer.alloc(MAGIC.length + 4);
    MAGIC.copy(lead);
    lead.writeUInt32LE(headerBytes.length, MAGIC.length);
    await handle.write(Buffer.concat([lead, headerBytes]), 0, lead.length + headerBytes.length, 0);
    await handle.sync();
    await handle.close();
    await fs.rename(temporary, file);
    return { bytes: position, crc32: checksum };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Bytes read at a time from a JSON-lines section: big enough to be quick, small enough to keep memory flat. */
const READ_BLOCK = 8 * 1024 * 1024;

/**
 * A snapshot file read back section by section (each array straight into its own memory,
 * never the whole file at once) and checked: magic, length, then the CRC-32 of everything
 * read. Nothing decoded is handed out unless the checksum matches.
 */
export class Container {
  private constructor(
    readonly meta: unknown,
    private readonly sections: ReadonlyMap<string, { readonly info: SectionInfo; readonly value: unknown }>,
  ) {}

  /** Only the header, for a quick look at the fingerprint. */
  static async readHeader(file: string): Promise<Header> {
    const handle = await fs.open(file, 'r');
    try {
      return await readHeader(handle);
    } finally {
      await handle.close();
    }
  }

  static async read(file: string): Promise<Container> {
    const handle = await fs.open(file, 'r');
    try {
      const header = await readHeader(handle);
      if (header.littleEndian !== (os.endianness() === 'LE')) throw new SnapshotInvalid('snapshot was written on a machine of the other byte order');
      const { size } = await handle.stat();
      if (size !== HEADER_REGION + header.payloadBytes) throw new SnapshotInvalid(`snapshot is ${size} bytes long, its header says ${HEADER_REGION + header.payloadBytes} (truncated?)`);
      let position = 0;
      let checksum = 0;
      const readInto = async (target: Uint8Array): Promise<void> => {
        let filled = 0;
        while (filled < target.length) {
          const { bytesRead } = await handle.read(target, filled, target.length - filled, HEADER_REGION + position + filled);
          if (bytesRead === 0) throw new SnapshotInvalid('snapshot ended early (truncated?)');
          filled += bytesRead;
        }
        checksum = crc32(target, checksum);
        position += target.length;
      };
      const sections = new Map<string, { info: SectionInfo; value: unknown }>();
      for (const info of header.sections) {
        if (info.offset < position || info.offset + info.bytes > header.payloadBytes) throw new SnapshotInvalid(`snapshot section ${info.name} lies outside the file`);
        if (info.offset > position) await readInto(new Uint8Array(info.offset - position));
        sections.set(info.name, { info, value: await readSection(info, readInto) });
      }
      if (position < header.payloadBytes) await readInto(new Uint8Array(header.payloadBytes - position));
      if (checksum !== header.crc32) throw new SnapshotInvalid('snapshot checksum does not match its contents (corrupt)');
      return new Container(header.meta, sections);
    } finally {
      await handle.close();
    }
  }

  u8(name: string): Uint8Array {
    return this.value(name, 'u8') as Uint8Array;
  }

  u16(name: string): Uint16Array {
    return this.value(name, 'u16') as Uint16Array;
  }

  u32(name: string): Uint32Array {
    return this.value(name, 'u32') as Uint32Array;
  }

  strings(name: string): string[] {
    return this.value(name, 'strings') as string[];
  }

  jsonLines(name: string): unknown[] {
    return this.value(name, 'json-lines') as unknown[];
  }

  private value(name: string, kind: Section['kind']): unknown {
    const section = this.sections.get(name);
    if (!section || section.info.kind !== kind) throw new SnapshotInvalid(`snapshot has no ${kind} section ${name}`);
    return section.value;
  }
}

async function readHeader(handle: fs.FileHandle): Promise<Header> {
  const lead = Buffer.alloc(HEADER_REGION);
  const { bytesRead } = await handle.read(lead, 0, HEADER_REGION, 0);
  if (bytesRead < HEADER_REGION || !lead.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotInvalid('not a paperbot snapshot (wrong magic or too short)');
  const length = lead.readUInt32LE(MAGIC.length);
  if (length > HEADER_REGION - MAGIC.length - 4) throw new SnapshotInvalid('snapshot header length is out of range');
  try {
    return JSON.parse(lead.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + length)) as Header;
  } catch {
    throw new SnapshotInvalid('snapshot header is not valid JSON');
  }
}

async function readSection(info: SectionInfo, readInto: (target: Uint8Array) => Promise<void>): Promise<unknown> {
  const whole = async <T extends Uint8Array | Uint16Array | Uint32Array>(make: (count: number) => T, width: number): Promise<T> => {
    if (info.bytes !== info.count * width) throw new SnapshotInvalid(`snapshot section ${info.name} has the wrong size`);
    const array = make(info.count);
    await readInto(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  };
  switch (info.kind) {
    case 'u8': return whole((count) => new Uint8Array(count), 1);
    case 'u16': return whole((count) => new Uint16Array(count), 2);
    case 'u32': return whole((count) => new Uint32Array(count), 4);
    case 'strings': {
      const bytes = Buffer.alloc(info.bytes);
      await readInto(bytes);
      const list = info.count === 0 ? [] : bytes.toString('utf8').split('\0');
      if (list.length !== info.count) throw new SnapshotInvalid(`snapshot section ${info.name} holds ${list.length} strings, expected ${info.count}`);
      return list;
    }
    case 'json-lines': {
      const values: unknown[] = [];
      let pending: Buffer[] = [];
      for (let done = 0; done < info.bytes; ) {
        const block = Buffer.alloc(Math.min(READ_BLOCK, info.bytes - done));
        await readInto(block);
        done += block.length;
        let start = 0;
        for (let newline = block.indexOf(NEWLINE); newline >= 0; newline = block.indexOf(NEWLINE, start)) {
          const line = pending.length ? Buffer.concat([...pending, block.subarray(start, newline)]) : block.subarray(start, newline);
          pending = [];
          values.push(parseLine(line, info.name));
          start = newline + 1;
        }
        if (start < block.length) pending.push(block.subarray(start));
      }
      if (pending.length || values.length !== info.count) throw new SnapshotInvalid(`snapshot section ${info.name} ends in the middle of a line`);
      return values;
    }
  }
}

/**
 * JSON with every non-ASCII character escaped: reading it back is a byte copy into a one-byte
 * string instead of a UTF-8 decode, which is most of a 250 MB section's load time.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function parseLine(line: Buffer, section: string): unknown {
  try {
    return JSON.parse(line.toString('latin1'));
  } catch {
    throw new SnapshotInvalid(`snapshot section ${section} holds a line that is not JSON`);
  }
}

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
  /** Any JSON values, one per line, produced lazily so a large list is never one big string. */
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
          await put(Buffer.from(`${JSON.stringify(value)}\n`, 'utf8'));
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

/** A snapshot file read back and checked (magic, length, CRC-32); sections are decoded on request. */
export class Container {
  private readonly sections = new Map<string, SectionInfo>();

  private constructor(
    private readonly payload: Buffer,
    readonly meta: unknown,
    table: readonly SectionInfo[],
  ) {
    for (const section of table) this.sections.set(section.name, section);
  }

  /** Reads only the header, for a quick look at the fingerprint before the whole file. */
  static parseHeader(buffer: Buffer): Header {
    if (buffer.length < HEADER_REGION || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotInvalid('not a paperbot snapshot (wrong magic or too short)');
    const length = buffer.readUInt32LE(MAGIC.length);
    if (length > HEADER_REGION - MAGIC.length - 4) throw new SnapshotInvalid('snapshot header length is out of range');
    try {
      return JSON.parse(buffer.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + length)) as Header;
    } catch {
      throw new SnapshotInvalid('snapshot header is not valid JSON');
    }
  }

  static open(buffer: Buffer): Container {
    const header = Container.parseHeader(buffer);
    if (header.littleEndian !== (os.endianness() === 'LE')) throw new SnapshotInvalid('snapshot was written on a machine of the other byte order');
    const payload = buffer.subarray(HEADER_REGION);
    if (payload.length !== header.payloadBytes) throw new SnapshotInvalid(`snapshot is ${payload.length} bytes long, its header says ${header.payloadBytes} (truncated?)`);
    if (crc32(payload) !== header.crc32) throw new SnapshotInvalid('snapshot checksum does not match its contents (corrupt)');
    return new Container(payload, header.meta, header.sections);
  }

  u8(name: string): Uint8Array {
    return new Uint8Array(this.bytes(name, 'u8'));
  }

  u16(name: string): Uint16Array {
    const bytes = this.bytes(name, 'u16');
    const out = new Uint16Array(bytes.length / 2);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }

  u32(name: string): Uint32Array {
    const bytes = this.bytes(name, 'u32');
    const out = new Uint32Array(bytes.length / 4);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }

  strings(name: string): string[] {
    const info = this.info(name, 'strings');
    if (info.count === 0) return [];
    const list = this.payload.toString('utf8', info.offset, info.offset + info.bytes).split('\0');
    if (list.length !== info.count) throw new SnapshotInvalid(`snapshot section ${name} holds ${list.length} strings, expected ${info.count}`);
    return list;
  }

  *jsonLines(name: string): Generator<unknown> {
    const info = this.info(name, 'json-lines');
    let start = info.offset;
    const end = info.offset + info.bytes;
    while (start < end) {
      const newline = this.payload.indexOf(NEWLINE, start);
      if (newline < 0 || newline >= end) throw new SnapshotInvalid(`snapshot section ${name} ends in the middle of a line`);
      yield JSON.parse(this.payload.toString('utf8', start, newline));
      start = newline + 1;
    }
  }

  private bytes(name: string, kind: 'u8' | 'u16' | 'u32'): Buffer {
    const info = this.info(name, kind);
    return this.payload.subarray(info.offset, info.offset + info.bytes);
  }

  private info(name: string, kind: Section['kind']): SectionInfo {
    const info = this.sections.get(name);
    if (!info || info.kind !== kind) throw new SnapshotInvalid(`snapshot has no ${kind} section ${name}`);
    if (info.offset < 0 || info.offset + info.bytes > this.payload.length) throw new SnapshotInvalid(`snapshot section ${name} lies outside the file`);
    return info;
  }
}

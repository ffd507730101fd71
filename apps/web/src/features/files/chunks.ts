import { FILE_CHUNK_BYTES, FILE_MAX_BYTES } from './fileMessages';

/** Reading from disk in larger blocks than we send keeps the number of reads small. */
const READ_BLOCK_BYTES = 1024 * 1024;

/** The file's bytes in order, `chunkBytes` at a time (the last chunk may be shorter). */
export async function* readChunks(
  blob: Blob,
  chunkBytes = FILE_CHUNK_BYTES,
  blockBytes = READ_BLOCK_BYTES,
): AsyncGenerator<ArrayBuffer> {
  const block = Math.max(chunkBytes, blockBytes - (blockBytes % chunkBytes));
  for (let offset = 0; offset < blob.size; offset += block) {
    const buffer = await blob.slice(offset, Math.min(offset + block, blob.size)).arrayBuffer();
    for (let start = 0; start < buffer.byteLength; start += chunkBytes) {
      yield buffer.slice(start, Math.min(start + chunkBytes, buffer.byteLength));
    }
  }
}

export type PushResult = 'partial' | 'complete' | 'overflow';

/** Collects the chunks of one file of known size; more bytes than announced is an error. */
export class Reassembler {
  private readonly parts: ArrayBuffer[] = [];
  private bytes = 0;

  constructor(readonly size: number) {}

  get received(): number {
    return this.bytes;
  }

  push(chunk: ArrayBuffer): PushResult {
    if (this.bytes + chunk.byteLength > this.size) return 'overflow';
    this.parts.push(chunk);
    this.bytes += chunk.byteLength;
    return this.bytes === this.size ? 'complete' : 'partial';
  }

  /**
   * The file. Its type is always a download: a received file is never rendered in our origin
   * (an HTML file opened from a blob: URL would run as this app).
   */
  toBlob(): Blob {
    return new Blob(this.parts, { type: 'application/octet-stream' });
  }
}

/** Says when progress is worth showing: every `step` bytes and at the end, not every chunk. */
export class ProgressGate {
  private last = 0;
  private readonly step: number;

  constructor(
    private readonly size: number,
    steps = 100,
    minStep = 64 * 1024,
  ) {
    this.step = Math.max(minStep, Math.ceil(size / steps));
  }

  shouldReport(bytes: number): boolean {
    if (bytes === this.size || bytes - this.last >= this.step) {
      this.last = bytes;
      return true;
    }
    return false;
  }
}

/** Why a file cannot be offered, in words; null when it can. */
export function fileProblem(file: { name: string; size: number }, limit = FILE_MAX_BYTES): string | null {
  if (file.size === 0) return `${file.name} is empty; there is nothing to send.`;
  if (file.size > limit) {
    return `${file.name} is ${formatBytes(file.size)}. Files up to ${formatBytes(limit)} can be sent.`;
  }
  return null;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB'] as const;

/** 1,536 → "1.5 KB"; binary multiples, as file managers mostly show them. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} ${value === 1 ? 'byte' : 'bytes'}`;
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

export function percent(bytes: number, size: number): number {
  return size === 0 ? 100 : Math.min(100, Math.floor((bytes / size) * 100));
}

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fileProblem, formatBytes, percent, ProgressGate, Reassembler, readChunks } from './chunks';
import { cleanFileName, FILE_CHUNK_BYTES, FILE_MAX_BYTES, FILE_NAME_MAX, transferIdOf } from './fileMessages';
import { fileOfferSchema } from './fileSchemas';

function randomBytes(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

async function collect(blob: Blob, chunk?: number, block?: number): Promise<ArrayBuffer[]> {
  const chunks: ArrayBuffer[] = [];
  for await (const c of readChunks(blob, chunk, block)) chunks.push(c);
  return chunks;
}

describe('chunking and reassembly', () => {
  it('splits into 16 KiB chunks with a short last one, and puts the same bytes back together', async () => {
    const size = 3 * FILE_CHUNK_BYTES * 25 + 1234;
    const bytes = randomBytes(size);
    const chunks = await collect(new Blob([bytes]), undefined, 100_000);
    expect(chunks.slice(0, -1).every((c) => c.byteLength === FILE_CHUNK_BYTES)).toBe(true);
    expect(chunks.at(-1)?.byteLength).toBe(size % FILE_CHUNK_BYTES);

    const assembler = new Reassembler(size);
    const results = chunks.map((c) => assembler.push(c));
    expect(results.slice(0, -1).every((r) => r === 'partial')).toBe(true);
    expect(results.at(-1)).toBe('complete');
    const blob = assembler.toBlob();
    expect(blob.type).toBe('application/octet-stream');
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('handles files smaller than a chunk and exact multiples', async () => {
    expect((await collect(new Blob([randomBytes(10)]))).map((c) => c.byteLength)).toEqual([10]);
    const exact = await collect(
      new Blob([randomBytes(FILE_CHUNK_BYTES * 4)]),
      undefined,
      FILE_CHUNK_BYTES * 3,
    );
    expect(exact.map((c) => c.byteLength)).toEqual(Array(4).fill(FILE_CHUNK_BYTES));
  });

  it('refuses more bytes than were announced', () => {
    const assembler = new Reassembler(10);
    expect(assembler.push(new ArrayBuffer(6))).toBe('partial');
    expect(assembler.push(new ArrayBuffer(6))).toBe('overflow');
    expect(assembler.received).toBe(6);
  });
});

describe('progress', () => {
  it('reports about every hundredth of a large file and always the end', () => {
    const size = 100 * 1024 * 1024;
    const gate = new ProgressGate(size);
    let reports = 0;
    for (let bytes = FILE_CHUNK_BYTES; bytes <= size; bytes += FILE_CHUNK_BYTES)
      if (gate.shouldReport(bytes)) reports++;
    expect(reports).toBeGreaterThanOrEqual(99);
    expect(reports).toBeLessThanOrEqual(101);
    expect(new ProgressGate(1000).shouldReport(1000)).toBe(true);
  });

  it('rounds percentages down so 100% means done', () => {
    expect(percent(999, 1000)).toBe(99);
    expect(percent(1000, 1000)).toBe(100);
  });
});

describe('what may be sent', () => {
  it('explains a file over the limit, or an empty one', () => {
    expect(fileProblem({ name: 'a.bin', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'movie.mkv', size: FILE_MAX_BYTES + 1 })).toBe(
      'movie.mkv is 200 MB. Files up to 200 MB can be sent.',
    );
    expect(fileProblem({ name: 'huge.iso', size: 3 * 1024 ** 3 })).toBe(
      'huge.iso is 3 GB. Files up to 200 MB can be sent.',
    );
    expect(fileProblem({ name: 'e.txt', size: 0 })).toMatch(/empty/);
  });

  it('formats sizes', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
  });

  it('validates offers and channel labels, and cleans names', () => {
    const offer = { type: 'file-offer', id: 'abc-123', name: 'a.txt', size: 5, mime: 'text/plain' };
    expect(fileOfferSchema.safeParse(offer).success).toBe(true);
    expect(fileOfferSchema.safeParse({ ...offer, size: -1 }).success).toBe(false);
    expect(fileOfferSchema.safeParse({ ...offer, size: 1.5 }).success).toBe(false);
    expect(fileOfferSchema.safeParse({ ...offer, id: '../x' }).success).toBe(false);
    expect(fileOfferSchema.safeParse({ ...offer, name: '' }).success).toBe(false);
    expect(transferIdOf('file:abc-123')).toBe('abc-123');
    expect(transferIdOf('file:a b')).toBeNull();
    expect(transferIdOf('parley')).toBeNull();
    expect(cleanFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(cleanFileName('a\u0000b\nc.txt')).toBe('ab c.txt');
    expect(cleanFileName('   ')).toBe('file');
    expect(cleanFileName('\u200B\u202E')).toBe('file');
  });

  it('shows a file name as what it is: no bidi tricks, hidden characters or hidden extensions', () => {
    const parsed = (name: string) =>
      fileOfferSchema.parse({ type: 'file-offer', id: 'x', name, size: 1, mime: '' }).name;
    expect(parsed('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(parsed('photo\u2067gpj.\u2069.exe')).toBe('photogpj..exe');
    expect(parsed('re\u200Bport\ud800.pdf')).toBe('report\ufffd.pdf');
    expect(parsed(`invoice.pdf${' '.repeat(100)}.exe`)).toBe('invoice.pdf .exe');
    expect(parsed('👨\u200D👩\u200D👧 holiday.jpg')).toBe('👨\u200D👩\u200D👧 holiday.jpg');
  });

  it('never cuts a long name between the halves of a character', () => {
    const name = `${'a'.repeat(FILE_NAME_MAX - 1)}🙂.txt`;
    expect(cleanFileName(name)).toBe('a'.repeat(FILE_NAME_MAX - 1));
    expect(cleanFileName('🙂'.repeat(200))).toHaveLength(FILE_NAME_MAX - 1);
  });
});

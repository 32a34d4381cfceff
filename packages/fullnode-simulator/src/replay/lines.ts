import { closeSync, openSync, readSync } from 'fs';

/**
 * Reads a text file line by line, synchronously, in fixed-size chunks. Benchmark streams can exceed the
 * largest string V8 allows, so the file is never held as one string. Yields [lineNumber (1-based), text]
 * with the line terminator (\n or \r\n) removed.
 */
export function* readLines(path: string, chunkSize = 1 << 20): Generator<[number, string]> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(chunkSize);
    let carry: Buffer = Buffer.alloc(0);
    let lineNo = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunkSize, null);
      if (read === 0) break;
      const buf = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let nl = buf.indexOf(0x0a, start); nl !== -1; nl = buf.indexOf(0x0a, start)) {
        lineNo++;
        const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
        yield [lineNo, buf.toString('utf8', start, end)];
        start = nl + 1;
      }
      // Copy: `chunk` is reused by the next read.
      carry = Buffer.from(buf.subarray(start));
    }
    if (carry.length > 0) {
      const end = carry[carry.length - 1] === 0x0d ? carry.length - 1 : carry.length;
      yield [lineNo + 1, carry.toString('utf8', 0, end)];
    }
  } finally {
    closeSync(fd);
  }
}

import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Appends text to a file through one reusable byte buffer: pieces are encoded straight into it and it is
 * written out when full, so no per-line or per-chunk strings are built.
 */
export class LineWriter {
  private readonly fd: number;
  private readonly buffer: Buffer;
  private used = 0;

  constructor(path: string, size = 1 << 23) {
    this.fd = openSync(path, 'w');
    this.buffer = Buffer.allocUnsafe(size);
  }

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        writeSync(this.fd, text);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  flush(): void {
    let offset = 0;
    while (offset < this.used) offset += writeSync(this.fd, this.buffer, offset, this.used - offset);
    this.used = 0;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

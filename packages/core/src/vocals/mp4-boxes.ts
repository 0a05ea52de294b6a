/**
 * What an MP4-family file (ISO-BMFF: m4a, mp4, mov) holds, read from its bytes as they stream by:
 * the top-level boxes must end exactly with the file, and the `moov` box (buffered alone, it is
 * small) names each track's kind by its handler (`soun`, `vide`…). The brand in `ftyp` does not
 * say: many recorders write the generic `isom` for audio-only files.
 */
export interface Mp4Layout {
  /** The boxes end with the file, none cut short (a truncated upload is not). */
  complete: boolean;
  /** Handler types of the tracks in `moov`; empty when there is no `moov`; null when it was too large to read. */
  handlers: string[] | null;
}

/** A `moov` larger than this is not a voice note's (hours of audio take a few MB). */
const MAX_MOOV_BYTES = 32 * 1024 * 1024;

export class Mp4Reader {
  /** Bytes of the current top-level box header, until it is whole. */
  private header = Buffer.alloc(0);
  /** Bytes of the current box still to come; Infinity for a box that runs to the end of the file. */
  private left = 0;
  private moov: Buffer[] | undefined;
  private moovBytes: Buffer | undefined;
  private moovTooLarge = false;
  private broken = false;

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.broken) {
      if (this.left > 0) {
        const take = Math.min(this.left, chunk.length - at);
        this.moov?.push(chunk.subarray(at, at + take));
        at += take;
        this.left -= take;
        if (this.left === 0 && this.moov) {
          this.moovBytes = Buffer.concat(this.moov);
          this.moov = undefined;
        }
        continue;
      }
      const want = this.header.length >= 8 && this.header.readUInt32BE(0) === 1 ? 16 : 8;
      const take = Math.min(want - this.header.length, chunk.length - at);
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + take)]);
      at += take;
      if (this.header.length < want) continue;
      if (want === 8 && this.header.readUInt32BE(0) === 1) continue; // 64-bit size follows
      this.startBox();
    }
  }

  private startBox(): void {
    const size32 = this.header.readUInt32BE(0);
    const type = this.header.toString('latin1', 4, 8);
    const headerLength = this.header.length;
    const size = size32 === 1 ? Number(this.header.readBigUInt64BE(8)) : size32 === 0 ? Infinity : size32;
    this.header = Buffer.alloc(0);
    if (size < headerLength || !/^[\x20-\x7e]{4}$/.test(type)) {
      this.broken = true;
      return;
    }
    this.left = size - headerLength;
    if (type === 'moov' && !this.moovBytes) {
      if (this.left <= MAX_MOOV_BYTES) this.moov = [];
      else this.moovTooLarge = true;
    }
    if (this.left === 0 && this.moov) {
      this.moovBytes = Buffer.alloc(0);
      this.moov = undefined;
    }
  }

  /** After the last byte. */
  result(): Mp4Layout {
    const complete = !this.broken && this.header.length === 0 && (this.left === 0 || this.left === Infinity);
    if (this.moovBytes) return { complete, handlers: trackHandlers(this.moovBytes) };
    return { complete, handlers: this.moovTooLarge ? null : [] };
  }
}

/** Children of a box's payload: [type, payload] pairs; stops at the first malformed one. */
function* children(payload: Buffer): Generator<[string, Buffer]> {
  let at = 0;
  while (at + 8 <= payload.length) {
    let size = payload.readUInt32BE(at);
    let headerLength = 8;
    if (size === 1) {
      if (at + 16 > payload.length) return;
      size = Number(payload.readBigUInt64BE(at + 8));
      headerLength = 16;
    } else if (size === 0) size = payload.length - at;
    if (size < headerLength || at + size > payload.length) return;
    yield [payload.toString('latin1', at + 4, at + 8), payload.subarray(at + headerLength, at + size)];
    at += size;
  }
}

function trackHandlers(moov: Buffer): string[] {
  const handlers: string[] = [];
  for (const [type, trak] of children(moov)) {
    if (type !== 'trak') continue;
    for (const [mdiaType, mdia] of children(trak)) {
      if (mdiaType !== 'mdia') continue;
      for (const [hdlrType, hdlr] of children(mdia)) {
        // Full box: version and flags (4), pre_defined (4), then the handler type.
        if (hdlrType === 'hdlr' && hdlr.length >= 12) handlers.push(hdlr.toString('latin1', 8, 12));
      }
    }
  }
  return handlers;
}

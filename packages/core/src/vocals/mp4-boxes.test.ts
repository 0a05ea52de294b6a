import { describe, expect, it } from 'vitest';
import { Mp4Reader } from './mp4-boxes.ts';

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** A track whose media handler is `handler` ('soun', 'vide'…). */
const trak = (handler: string) => box('trak', box('mdia', box('hdlr', Buffer.alloc(8), Buffer.from(handler, 'latin1'), Buffer.alloc(12))));
const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'));

/** Fed in small pieces, as a network upload arrives. */
function read(bytes: Buffer, piece = 7) {
  const reader = new Mp4Reader();
  for (let at = 0; at < bytes.length; at += piece) reader.feed(bytes.subarray(at, at + piece));
  return reader.result();
}

describe('Mp4Reader', () => {
  it('names the tracks, whichever end the moov is at', () => {
    const mdat = box('mdat', Buffer.alloc(300, 1));
    expect(read(Buffer.concat([ftyp, box('moov', trak('soun')), mdat]))).toEqual({ complete: true, handlers: ['soun'] });
    expect(read(Buffer.concat([ftyp, mdat, box('moov', trak('vide'), trak('soun'))]))).toEqual({
      complete: true,
      handlers: ['vide', 'soun'],
    });
  });

  it('reads 64-bit sizes and a last box that runs to the end of the file', () => {
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(16n + 100n, 8);
    const toEnd = Buffer.alloc(8);
    toEnd.write('free', 4, 'latin1');
    expect(read(Buffer.concat([ftyp, box('moov', trak('soun')), large, Buffer.alloc(100), toEnd, Buffer.alloc(50)]))).toEqual({
      complete: true,
      handlers: ['soun'],
    });
  });

  it('says a file cut inside a box, or with a broken box header, is not complete', () => {
    const whole = Buffer.concat([ftyp, box('mdat', Buffer.alloc(300)), box('moov', trak('soun'))]);
    expect(read(whole.subarray(0, whole.length - 10))).toMatchObject({ complete: false, handlers: [] });
    expect(read(Buffer.concat([ftyp, Buffer.from([0, 0, 0, 4, 0x01, 0x02, 0x03, 0x04])]))).toMatchObject({ complete: false });
  });

  it('does not hold a moov too large for a voice note, and says it could not judge (null)', () => {
    const header = Buffer.alloc(8);
    const size = 33 * 1024 * 1024;
    header.writeUInt32BE(8 + size, 0);
    header.write('moov', 4, 'latin1');
    const reader = new Mp4Reader();
    reader.feed(Buffer.concat([ftyp, header]));
    const chunk = Buffer.alloc(1024 * 1024);
    for (let left = size; left > 0; left -= chunk.length) reader.feed(chunk.subarray(0, Math.min(chunk.length, left)));
    expect(reader.result()).toEqual({ complete: true, handlers: null });
  });
});

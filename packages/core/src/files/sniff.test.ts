import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sniffUpload } from './sniff.ts';

/** An MP4 video's first box: its brand, which tells video from audio, sits past the first 8 bytes. */
function mp4Video(): Buffer {
  const ftyp = Buffer.concat([
    Buffer.from([0, 0, 0, 0x20]),
    Buffer.from('ftypisom'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2avc1mp41'),
  ]);
  return Buffer.concat([ftyp, Buffer.alloc(6000, 1)]);
}

describe('sniffing an upload', () => {
  it('waits for enough bytes when the upload trickles in, and hands every byte on', async () => {
    // file-type's own stream detection looks at the first chunk only: 8 bytes say "ftyp", not which.
    const bytes = mp4Video();
    const pieces = Array.from({ length: Math.ceil(bytes.length / 8) }, (_, i) => bytes.subarray(i * 8, (i + 1) * 8));
    const sniffed = await sniffUpload(Readable.from(pieces), 'video/mp4');
    expect(sniffed.mimeType).toBe('video/mp4');
    const out: Buffer[] = [];
    for await (const chunk of sniffed.body) out.push(chunk as Buffer);
    expect(Buffer.concat(out).equals(bytes)).toBe(true);
  });
});

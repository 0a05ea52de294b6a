export interface BuildWavOptions {
  /** Written to the LIST/INFO/ICMT chunk in UTF-8: the mock provider's "sidecar transcript". */
  comment?: string;
  /** Length of the (silent) recording; 1 s by default. */
  seconds?: number;
  /** 8 kHz by default: the smallest file a parser takes for speech. */
  sampleRate?: number;
  /** A sine at this frequency (Hz) at half scale instead of silence: a signal a level meter shows. */
  toneHz?: number;
}

/** A RIFF chunk header: four-character id and little-endian size. */
function header(id: string, size: number): Buffer {
  const out = Buffer.alloc(8);
  out.write(id, 0, 'ascii');
  out.writeUInt32LE(size, 4);
  return out;
}

/** A RIFF chunk, with a pad byte to an even length (not counted in its size). */
const chunk = (id: string, data: Buffer): Buffer => Buffer.concat([header(id, data.length), data, Buffer.alloc(data.length % 2)]);

/**
 * A valid PCM 16-bit mono WAV of silence (or a tone), with `comment` as its ICMT tag: a voice note with any
 * transcript for tests of the mock provider and of the pipeline around it.
 */
export function buildWav(options: BuildWavOptions = {}): Buffer {
  const sampleRate = options.sampleRate ?? 8000;
  const seconds = options.seconds ?? 1;
  const bytesPerSample = 2;

  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(1, 2); // mono
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(sampleRate * bytesPerSample, 8); // byte rate
  fmt.writeUInt16LE(bytesPerSample, 12); // block align
  fmt.writeUInt16LE(16, 14); // bits per sample

  const chunks = [chunk('fmt ', fmt)];
  if (options.comment !== undefined) {
    // INFO strings end with a NUL, as ffmpeg and sox write them.
    const icmt = chunk('ICMT', Buffer.concat([Buffer.from(options.comment, 'utf8'), Buffer.alloc(1)]));
    chunks.push(chunk('LIST', Buffer.concat([Buffer.from('INFO', 'ascii'), icmt])));
  }
  const samples = Buffer.alloc(Math.round(sampleRate * seconds) * bytesPerSample);
  if (options.toneHz !== undefined) {
    for (let i = 0; i < samples.length / bytesPerSample; i += 1) {
      samples.writeInt16LE(Math.round(16_383 * Math.sin((2 * Math.PI * options.toneHz * i) / sampleRate)), i * bytesPerSample);
    }
  }
  chunks.push(chunk('data', samples));

  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), ...chunks]);
  return Buffer.concat([header('RIFF', body.length), body]);
}

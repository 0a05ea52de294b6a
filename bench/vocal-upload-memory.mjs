// Upload memory of issue 6's benchmark: one large voice note streamed to
// POST /api/v1/vocals/upload, raw body or multipart/form-data, measured as issue 4's uploads
// (bench/upload-memory.mjs: the API's RSS before, during and 1 s after).
//
// The recording is made on the fly: a WAV header announcing all the bytes that follow (48 kHz
// stereo 16-bit PCM, so 200 MiB is about 18 minutes), then the shared noise filler. The API
// sniffs it as audio/wav and reads its duration from the header while the bytes stream by.
import { headThenFiller } from './upload-memory.mjs';

const SAMPLE_RATE = 48_000;
const CHANNELS = 2;
const BYTES_PER_SECOND = SAMPLE_RATE * CHANNELS * 2;
const HEADER_BYTES = 44;

function wavHeader(dataBytes) {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(CHANNELS, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(BYTES_PER_SECOND, 28);
  header.writeUInt16LE(CHANNELS * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** For measureUpload: a voice note, checked by status, size, sniffed type and duration (a voice note's answer has no SHA-256). */
export const WAV_UPLOAD = {
  path: '/api/v1/vocals/upload',
  fileName: 'bench-vocal.wav',
  mimeType: 'audio/wav',
  chunks: (size) => headThenFiller(wavHeader(size - HEADER_BYTES), size),
  check(answer, size) {
    const seconds = (size - HEADER_BYTES) / BYTES_PER_SECOND;
    if (
      answer.status !== 'UPLOADED' ||
      answer.size !== size ||
      answer.mimeType !== this.mimeType ||
      !(Math.abs(answer.durationSeconds - seconds) <= 1)
    ) {
      throw new Error(
        `upload stored ${JSON.stringify(answer).slice(0, 500)}; expected UPLOADED, ${size} bytes, ${this.mimeType}, ${seconds.toFixed(1)} s`,
      );
    }
  },
};

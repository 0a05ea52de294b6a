/** Test support for other packages: `import { buildWav, vocalFixture } from '@monimmo/ai/testing'`. */
import { readFileSync } from 'node:fs';

export { imageWithMetadata, type ImageMetadata } from '../fixtures/image.ts';
export { pdfWithoutText, pdfWithText } from '../fixtures/pdf.ts';
export { buildWav, type BuildWavOptions } from './wav.ts';
/** The fake OpenAI-compatible server, for runs with AI_PROVIDER=openai that count the model's requests. */
export {
  apiError,
  completion,
  startFakeOpenAI,
  transcription,
  type FakeOpenAIOptions,
  type FakeReply,
  type RecordedRequest,
} from '../fake-openai.ts';

/** The folder of recorded voice notes, for tests that stream them from disk. */
export const vocalFixtures = new URL('../fixtures/vocals/', import.meta.url);

/** A recorded voice note (visite-initiale.m4a, visite-suivi.ogg|wav, compte-rendu-client.mp3|webm…). */
export const vocalFixture = (name: string): Buffer => readFileSync(new URL(name, vocalFixtures));

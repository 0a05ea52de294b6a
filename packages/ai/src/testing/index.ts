/** Test support for other packages: `import { buildWav } from '@monimmo/ai/testing'`. */
export { buildWav, type BuildWavOptions } from './wav.ts';

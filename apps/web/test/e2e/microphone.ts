import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWav } from '@monimmo/ai/testing';

/** A WAV for Chromium's fake microphone (which loops it): a 440 Hz tone, so the level meter moves. */
export function writeMicrophoneWav(dir: string): string {
  const path = join(dir, 'micro.wav');
  writeFileSync(path, buildWav({ seconds: 2, sampleRate: 16_000, toneHz: 440 }));
  return path;
}

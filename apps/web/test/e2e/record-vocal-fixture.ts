/**
 * Records packages/ai/test/fixtures/vocals/enregistrement-chromium.webm: what Chromium's
 * MediaRecorder really writes (live WebM: segment and cluster of unknown size, no duration, no tags).
 * Run from the repository root: `node --import tsx apps/web/test/e2e/record-vocal-fixture.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.ts';
import { writeMicrophoneWav } from './microphone.ts';

const SECONDS = 3.5;
const out = fileURLToPath(new URL('../../../../packages/ai/test/fixtures/vocals/enregistrement-chromium.webm', import.meta.url));

async function record(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-record-'));
  // getUserMedia needs a secure context: http://127.0.0.1 is one.
  const server = createServer((_req, res) => res.end('<!doctype html><title>micro</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const browser = await launchChromium({ microphone: writeMicrophoneWav(dir) });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const bytes = await page.evaluate(async (ms) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      // The web app's own settings (features/vocals/use-recorder.ts): Opus in WebM, a chunk a second.
      const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm;codecs=opus', audioBitsPerSecond: 16_000 });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start(1000);
      await new Promise((resolve) => setTimeout(resolve, ms));
      recorder.stop();
      await stopped;
      for (const track of stream.getTracks()) track.stop();
      return [...new Uint8Array(await new Blob(chunks).arrayBuffer())];
    }, SECONDS * 1000);
    return Buffer.from(bytes);
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const audio = await record();
  writeFileSync(out, audio);
  console.log(`${out}: ${audio.length} bytes`);
}

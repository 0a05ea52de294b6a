import { describe, expect, it } from 'vitest';
import { bestRecordingType, extensionOf, formatElapsed, levelOf, recordingName, refusalOf } from './recorder.ts';

describe('recorder helpers', () => {
  it('prefers Opus in WebM, else MP4', () => {
    expect(bestRecordingType(() => true)).toBe('audio/webm;codecs=opus');
    expect(bestRecordingType((t) => t === 'audio/mp4')).toBe('audio/mp4');
    expect(bestRecordingType(() => false)).toBeUndefined();
  });

  it('names the file after the type used', () => {
    expect(extensionOf('audio/webm;codecs=opus')).toBe('webm');
    expect(extensionOf('audio/mp4;codecs=mp4a.40.2')).toBe('m4a');
  });

  it('names a recording after the local time it was made, not UTC', () => {
    // Built from local fields: whatever the machine's time zone, the name shows these.
    expect(recordingName(new Date(2026, 2, 4, 9, 5), 'audio/webm;codecs=opus')).toBe('Note vocale 2026-03-04 09h05.webm');
    expect(recordingName(new Date(2026, 11, 31, 23, 59), 'audio/mp4')).toBe('Note vocale 2026-12-31 23h59.m4a');
  });

  it('shows the elapsed time as mm:ss', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(67.8)).toBe('01:07');
    expect(formatElapsed(3727)).toBe('1:02:07');
  });

  it('tells a refused microphone from a missing one', () => {
    expect(refusalOf(new DOMException('no', 'NotAllowedError'))).toBe('denied');
    expect(refusalOf(new DOMException('none', 'NotFoundError'))).toBe('missing');
    expect(refusalOf(new Error('?'))).toBe('failed');
  });

  it('measures silence as 0 and a loud frame near 1', () => {
    expect(levelOf(new Uint8Array(64).fill(128))).toBe(0);
    expect(levelOf(Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 255 : 0)))).toBe(1);
  });
});

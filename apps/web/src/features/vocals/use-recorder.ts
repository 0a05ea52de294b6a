import { useCallback, useEffect, useRef, useState } from 'react';
import { bestRecordingType, levelOf, recordingName, refusalOf, type MicrophoneRefusal } from './recorder.ts';

export type RecorderState =
  | { phase: 'idle' }
  | { phase: 'asking' }
  | { phase: 'recording'; seconds: number; level: number }
  | { phase: 'refused'; reason: MicrophoneRefusal };

/**
 * The microphone through MediaRecorder: a timer, an input level (Web Audio AnalyserNode), stop
 * (hands the recording over as a File) and cancel (drops it).
 */
export function useRecorder(onRecorded: (file: File) => void) {
  const [state, setState] = useState<RecorderState>({ phase: 'idle' });
  const recorded = useRef(onRecorded);
  recorded.current = onRecorded;
  const cleanup = useRef<(() => void) | null>(null);
  const keep = useRef(false);

  const release = useCallback(() => {
    cleanup.current?.();
    cleanup.current = null;
  }, []);

  useEffect(() => release, [release]);

  const start = useCallback(async () => {
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      setState({ phase: 'refused', reason: 'unsupported' });
      return;
    }
    setState({ phase: 'asking' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      setState({ phase: 'refused', reason: refusalOf(error) });
      return;
    }
    const type = bestRecordingType((t) => MediaRecorder.isTypeSupported(t));
    const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    const chunks: Blob[] = [];
    const startedAt = performance.now();
    keep.current = false;

    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    audio.createMediaStreamSource(stream).connect(analyser);
    const frame = new Uint8Array(analyser.fftSize);
    let raf = 0;
    const tick = () => {
      analyser.getByteTimeDomainData(frame);
      setState({ phase: 'recording', seconds: (performance.now() - startedAt) / 1000, level: levelOf(frame) });
      raf = requestAnimationFrame(tick);
    };

    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    recorder.onstop = () => {
      const mimeType = recorder.mimeType || type || 'audio/webm';
      if (keep.current && chunks.length > 0) {
        recorded.current(new File(chunks, recordingName(new Date(), mimeType), { type: mimeType.split(';')[0] }));
      }
    };

    cleanup.current = () => {
      cancelAnimationFrame(raf);
      if (recorder.state !== 'inactive') recorder.stop();
      for (const track of stream.getTracks()) track.stop();
      void audio.close();
    };
    recorder.start(1000);
    tick();
  }, []);

  const stop = useCallback(() => {
    keep.current = true;
    release();
    setState({ phase: 'idle' });
  }, [release]);

  const cancel = useCallback(() => {
    keep.current = false;
    release();
    setState({ phase: 'idle' });
  }, [release]);

  return { state, start, stop, cancel };
}

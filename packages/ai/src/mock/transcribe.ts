import { parseBuffer } from 'music-metadata';
import { AudioUnreadableError } from '../audio.ts';
import type { TranscribeAudioInput, Transcription } from '../types.ts';
import { liveWebmHead } from './live-webm.ts';

/** What a clean transcript is worth: a mock cannot hear, so it never claims certainty. */
const CLEAN_CONFIDENCE = 0.92;
/** Each "[inaudible]" costs this much: three of them take a transcript below TRANSCRIPT_FLOOR (0.6). */
const INAUDIBLE_PENALTY = 0.12;
const INAUDIBLE = /\[inaudible[^\]]*\]/gi;

/**
 * WAV INFO chunks have no declared encoding: a UTF-8 comment comes back read as latin-1
 * ("DeuxiÃ¨me"). Re-decoded, it is the text again; a real latin-1 text would not decode cleanly.
 */
export function repairMojibake(text: string): string {
  const codes = [...text].map((c) => c.codePointAt(0)!);
  if (!codes.some((c) => c >= 0x80) || codes.some((c) => c > 0xff)) return text;
  const decoded = Buffer.from(text, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? text : decoded;
}

const textOf = (value: unknown): string | null => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text;
  return null;
};

/**
 * The "sidecar transcript": the mock cannot hear, so the words come from the recording's comment
 * tag (M4A ©cmt, Ogg DESCRIPTION, MP3 TXXX:comment, WebM COMMENT, WAV ICMT), which is how the
 * test fixtures and `buildWav` carry what was said.
 */
export async function transcribeFromMetadata(input: TranscribeAudioInput): Promise<Transcription> {
  const { format, common, native } = await readMetadata(input);
  const comments = [
    ...(common.comment ?? []).map(textOf),
    ...Object.values(native)
      .flat()
      .filter((tag) => /comment$/i.test(tag.id))
      .map((tag) => textOf(tag.value)),
  ];
  const raw = comments.find((c): c is string => c !== null && c.trim() !== '') ?? '';
  const text = repairMojibake(raw).replace(/\s+/g, ' ').trim();
  return { text, confidence: confidenceOf(text), language: 'fr', durationSeconds: format.duration ?? null };
}

type Metadata = Awaited<ReturnType<typeof parseBuffer>>;

const parse = (audio: Uint8Array, mimeType: string): Promise<Metadata> =>
  parseBuffer(audio, { mimeType, size: audio.length }, { duration: true, skipCovers: true });

async function readMetadata(input: TranscribeAudioInput): Promise<Metadata> {
  const metadata = await parse(input.audio, input.mimeType).catch(async (error: unknown) => {
    // A browser's live WebM: its header alone is read, and its duration stays unknown.
    const head = liveWebmHead(input.audio);
    const live = head && (await parse(head, input.mimeType).catch(() => null));
    if (!live?.format.hasAudio) throw new AudioUnreadableError(input.fileName, { cause: error });
    return live;
  });
  // Garbage bytes under an audio type parse "successfully" into nothing at all.
  if (metadata.format.container === undefined && metadata.format.duration === undefined) {
    throw new AudioUnreadableError(input.fileName);
  }
  return metadata;
}

function confidenceOf(text: string): number {
  if (!text) return 0;
  const inaudible = text.match(INAUDIBLE)?.length ?? 0;
  // Only markers and no words: something was recorded, nothing was understood.
  if (!/\p{L}/u.test(text.replace(INAUDIBLE, ''))) return 0.1;
  return Math.max(0.1, Math.round((CLEAN_CONFIDENCE - INAUDIBLE_PENALTY * inaudible) * 100) / 100);
}

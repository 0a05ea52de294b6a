/**
 * How sure a Whisper transcript is, from its verbose_json segments: each segment's mean token
 * probability (exp of avg_logprob) weighted by its duration, less a penalty for the share of
 * the recording the model itself thinks was not speech.
 */
export interface TranscriptSegment {
  start: number;
  end: number;
  avg_logprob: number;
  no_speech_prob: number;
}

/** A segment the model thinks more likely silence or noise than speech. */
const NO_SPEECH = 0.5;
/** All of the recording "not speech" takes this much off. */
const NO_SPEECH_PENALTY = 0.5;
/**
 * Servers that answer verbose_json without segments (some compatible ones) give nothing to
 * judge by: a non-empty transcript is taken as usable, just above the floor's neighbourhood.
 */
const WITHOUT_SEGMENTS = 0.75;

export function transcriptConfidence(text: string, segments: TranscriptSegment[] | null): number {
  if (!text) return 0;
  if (!segments || segments.length === 0) return WITHOUT_SEGMENTS;
  const durations = segments.map((s) => Math.max(0, s.end - s.start));
  const total = durations.reduce((sum, d) => sum + d, 0);
  // Zero-length segments (timestamps missing): every segment counts the same.
  const weight = (i: number) => (total > 0 ? durations[i]! / total : 1 / segments.length);
  let probability = 0;
  let silent = 0;
  segments.forEach((s, i) => {
    probability += weight(i) * Math.exp(Math.min(0, s.avg_logprob));
    if (s.no_speech_prob > NO_SPEECH) silent += weight(i);
  });
  const confidence = probability - NO_SPEECH_PENALTY * silent;
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}

/** Whisper names the language ("french"); the rest of Monimmo uses ISO 639-1 ("fr"). */
const LANGUAGES: Record<string, string> = {
  french: 'fr',
  english: 'en',
  spanish: 'es',
  german: 'de',
  italian: 'it',
  portuguese: 'pt',
  dutch: 'nl',
  arabic: 'ar',
  russian: 'ru',
  chinese: 'zh',
  japanese: 'ja',
  polish: 'pl',
  turkish: 'tr',
  romanian: 'ro',
  catalan: 'ca',
};

export function languageCode(language: string | null | undefined): string | null {
  const name = language?.trim().toLowerCase();
  if (!name) return null;
  if (/^[a-z]{2}$/.test(name)) return name;
  return LANGUAGES[name] ?? null;
}

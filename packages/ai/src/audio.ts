/** OpenAI's transcription endpoint takes 25 MB at most; the mock keeps the same limit by default. */
export const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

const MIB = 1024 * 1024;

/** "30,3 Mo", "16 Ko": sizes as the agent's file manager shows them. */
const size = (bytes: number) =>
  bytes >= MIB ? `${(bytes / MIB).toFixed(1).replace('.', ',').replace(/,0$/, '')} Mo` : `${Math.round(bytes / 1024)} Ko`;

/**
 * A recording over the provider's limit: retrying will not help, so callers can tell it from a
 * transient failure and send the vocal to review at once.
 */
export class AudioTooLargeError extends Error {
  override readonly name = 'AudioTooLargeError';

  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`Enregistrement trop volumineux pour la transcription : ${size(bytes)}, pour ${size(maxBytes)} au plus.`);
  }
}

/** Refuses, before any work, a recording over `maxBytes`. */
export function assertAudioSize(audio: Buffer, maxBytes: number): void {
  if (audio.length > maxBytes) throw new AudioTooLargeError(audio.length, maxBytes);
}

/**
 * A recording the transcriber cannot decode (truncated, damaged, not the format it claims):
 * retrying will not help. The message is French only, for the agent; the decoder's own words
 * stay in `cause`, for the logs.
 */
export class AudioUnreadableError extends Error {
  override readonly name = 'AudioUnreadableError';

  constructor(fileName: string, options?: ErrorOptions) {
    super(
      `Enregistrement audio illisible (${fileName}) : le fichier est incomplet, endommagé ou d’un format non reconnu. Déposez à nouveau l’enregistrement d’origine.`,
      options,
    );
  }
}

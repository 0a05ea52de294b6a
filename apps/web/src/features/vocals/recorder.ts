/** Recording types in order of preference: Chrome and Firefox record Opus in WebM, Safari AAC in MP4. */
const PREFERRED_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'] as const;

export function bestRecordingType(isSupported: (type: string) => boolean): string | undefined {
  return PREFERRED_TYPES.find((type) => isSupported(type));
}

/** The extension a recording's file gets, from the type the browser actually used. */
export function extensionOf(mimeType: string): string {
  if (mimeType.startsWith('audio/mp4')) return 'm4a';
  if (mimeType.startsWith('audio/ogg')) return 'ogg';
  return 'webm';
}

/** « Note vocale 2026-03-14 16h05.webm »: the person's own clock (not UTC), sortable, the extension of the type used. */
export function recordingName(at: Date, mimeType: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  return `Note vocale ${day} ${two(at.getHours())}h${two(at.getMinutes())}.${extensionOf(mimeType)}`;
}

/** « 01:07 » from seconds; past an hour « 1:02:07 ». */
export function formatElapsed(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export type MicrophoneRefusal = 'denied' | 'missing' | 'unsupported' | 'failed';

/** Why the microphone could not be opened, from getUserMedia's error name. */
export function refusalOf(error: unknown): MicrophoneRefusal {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'failed';
}

export const REFUSAL_MESSAGES: Record<MicrophoneRefusal, string> = {
  denied:
    'Le micro est bloqué pour ce site. Cliquez sur l’icône de cadenas ou de micro dans la barre d’adresse, choisissez « Autoriser » pour le micro, puis réessayez. Sur téléphone, autorisez aussi le micro pour votre navigateur dans les réglages.',
  missing: 'Aucun micro n’a été trouvé. Branchez un micro ou un casque, puis réessayez.',
  unsupported: 'Ce navigateur ne sait pas enregistrer. Déposez plutôt un fichier audio enregistré avec votre téléphone.',
  failed: 'Le micro n’a pas pu être ouvert. Fermez les autres applications qui l’utilisent, puis réessayez.',
};

/** RMS level of a time-domain frame (bytes centred on 128), scaled to 0..1 for a meter. */
export function levelOf(frame: Uint8Array): number {
  if (frame.length === 0) return 0;
  let sum = 0;
  for (const byte of frame) {
    const centred = (byte - 128) / 128;
    sum += centred * centred;
  }
  // Speech rarely passes 0.3 RMS: scaled so a normal voice fills most of the bar.
  return Math.min(1, Math.sqrt(sum / frame.length) * 3);
}

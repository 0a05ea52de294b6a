import type { WhatsAppInboundMessage } from '@monimmo/connectors';
import { ofName } from '@monimmo/ai';
import type { IncomingAttachment, IncomingMessage } from './ingest-types.ts';

const WHATSAPP_PLACEHOLDERS: Record<string, string> = {
  image: 'Photo envoyée sur WhatsApp',
  document: 'Document envoyé sur WhatsApp',
  video: 'Vidéo envoyée sur WhatsApp',
  audio: 'Enregistrement audio envoyé sur WhatsApp',
  voice: 'Note vocale WhatsApp',
};
const WHATSAPP_LABELS: Record<string, string> = {
  image: 'Photo WhatsApp',
  document: 'Document WhatsApp',
  video: 'Vidéo WhatsApp',
  audio: 'Audio WhatsApp',
  voice: 'Note vocale',
};

/**
 * A WhatsApp message as the inbox keeps it; null for what is not worth a message (a sticker, a
 * reaction, a type the Cloud API added since). Media bytes come through `readMedia` when needed.
 */
export function fromWhatsApp(message: WhatsAppInboundMessage, readMedia: (mediaId: string) => Promise<Buffer>): IncomingMessage | null {
  const kind =
    message.type === 'voice' || message.type === 'audio'
      ? message.type
      : message.media && ['image', 'document', 'video'].includes(message.type)
        ? message.type
        : null;
  if (!kind && !message.text) return null;
  const sender = message.fromName ?? message.from;
  const day = message.timestamp.slice(0, 10);
  const attachment: IncomingAttachment | null =
    kind && message.media
      ? {
          externalId: `${message.id}:0`,
          fileName: message.media.fileName,
          label: `${WHATSAPP_LABELS[kind]} ${ofName(sender)} (${day})`,
          load: () => readMedia(message.media!.id),
        }
      : null;
  const audio = kind === 'voice' || kind === 'audio';
  return {
    channel: 'WHATSAPP',
    externalId: message.id,
    fromName: message.fromName,
    fromAddress: message.from,
    subject: null,
    body:
      message.text ??
      (kind ? `${WHATSAPP_PLACEHOLDERS[kind]}${kind === 'document' && message.media?.fileName ? ` : ${message.media.fileName}` : ''}` : ''),
    receivedAt: message.timestamp,
    attachments: attachment && !audio ? [attachment] : [],
    voiceNote: attachment && audio ? attachment : null,
  };
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { AuthorizedFetch, type HttpOptions } from './authorized-fetch.ts';
import { ConnectorError, errorFromFailure } from './errors.ts';

export type WhatsAppMessageType = 'text' | 'audio' | 'voice' | 'image' | 'document' | 'video' | 'sticker' | (string & {});

export interface WhatsAppMedia {
  id: string;
  mimeType: string;
  /** As the webhook gives it (base64 or hex); downloadMedia accepts both. */
  sha256: string | null;
  fileName: string | null;
  /** A voice note recorded in WhatsApp, as opposed to an audio file sent as such. */
  voice: boolean;
}

export interface WhatsAppInboundMessage {
  /** The wamid, unique per message: the idempotency key of an import. */
  id: string;
  /** The sender's number in E.164 (`+33…`). */
  from: string;
  fromName: string | null;
  timestamp: string;
  type: WhatsAppMessageType;
  /** The text, or the caption of a media message. */
  text: string | null;
  media: WhatsAppMedia | null;
  /** The business number that received it. */
  phoneNumberId: string;
}

type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** The GET Meta sends when the webhook is registered: echo the challenge if the token is ours, else refuse. */
export function verifyWebhookHandshake(query: QueryInput, verifyToken: string): string | null {
  const get = (key: string) => {
    const value = query instanceof URLSearchParams ? query.get(key) : query[key];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  const challenge = get('hub.challenge');
  const token = get('hub.verify_token');
  if (get('hub.mode') !== 'subscribe' || challenge === null || token === null) return null;
  return sameSecret(token, verifyToken) ? challenge : null;
}

/** X-Hub-Signature-256 (`sha256=<hex>`): HMAC-SHA256 of the exact bytes received, keyed with the app secret. */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match?.[1] || !appSecret) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

/** Signs a body the way Meta does (the mock runtime's deliveries and tests). */
export function signPayload(rawBody: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

const Media = z.object({
  id: z.string(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  filename: z.string().optional(),
  caption: z.string().optional(),
  voice: z.boolean().optional(),
});
const Message = z.object({
  id: z.string().min(1),
  from: z.string().min(1),
  // Unix seconds; up to 12 digits stays a valid Date (an unreadable one would throw at toISOString).
  timestamp: z.string().regex(/^\d{1,12}$/),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string() }).optional(),
  audio: Media.optional(),
  voice: Media.optional(),
  image: Media.optional(),
  document: Media.optional(),
  video: Media.optional(),
  sticker: Media.optional(),
});
const Value = z.object({
  metadata: z.object({ phone_number_id: z.string() }),
  contacts: z.array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(z.unknown()).optional(),
});
const Payload = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string(), value: z.unknown() })) })),
});

const MEDIA_TYPES = ['audio', 'voice', 'image', 'document', 'video', 'sticker'] as const;

/**
 * The inbound messages of a webhook delivery; statuses (sent, delivered, read) and other fields are
 * ignored, and a message whose shape is unknown is skipped rather than failing the whole delivery.
 */
export function parseWebhook(json: unknown): WhatsAppInboundMessage[] {
  const payload = Payload.safeParse(json);
  if (!payload.success)
    throw new ConnectorError({ kind: 'INVALID_REQUEST', provider: 'WHATSAPP', message: 'not a WhatsApp Business webhook payload' });
  const out: WhatsAppInboundMessage[] = [];
  for (const change of payload.data.entry.flatMap((e) => e.changes)) {
    if (change.field !== 'messages') continue;
    const value = Value.safeParse(change.value);
    if (!value.success) continue;
    const { metadata, contacts = [], messages = [] } = value.data;
    for (const raw of messages) {
      const message = Message.safeParse(raw);
      if (message.success) out.push(normalizeMessage(message.data, metadata.phone_number_id, contacts));
    }
  }
  return out;
}

function normalizeMessage(
  message: z.infer<typeof Message>,
  phoneNumberId: string,
  contacts: NonNullable<z.infer<typeof Value>['contacts']>,
): WhatsAppInboundMessage {
  const mediaType = MEDIA_TYPES.find((t) => t === message.type && message[t]);
  const media = mediaType ? message[mediaType] : undefined;
  // Cloud API sends voice notes as `audio` with voice: true; the older API called them `voice`.
  const voice = mediaType === 'voice' || (mediaType === 'audio' && media?.voice === true);
  const contact = contacts.find((c) => c.wa_id === message.from) ?? contacts[0];
  return {
    id: message.id,
    from: message.from.startsWith('+') ? message.from : `+${message.from}`,
    fromName: contact?.profile?.name ?? null,
    timestamp: new Date(Number(message.timestamp) * 1000).toISOString(),
    type: voice ? 'voice' : message.type,
    text: message.text?.body ?? media?.caption ?? message.button?.text ?? null,
    media: media
      ? {
          id: media.id,
          mimeType: media.mime_type ?? 'application/octet-stream',
          sha256: media.sha256 ?? null,
          fileName: media.filename ?? null,
          voice,
        }
      : null,
    phoneNumberId,
  };
}

export interface WhatsAppClientOptions extends HttpOptions {
  baseUrl?: string;
  /** A system-user token: it cannot be refreshed, so a refusal is AUTH_REVOKED. */
  accessToken: string;
}

export interface MediaInfo {
  id: string;
  /** Short-lived (minutes): download right away. */
  url: string;
  mimeType: string;
  sha256: string | null;
  fileSize: number | null;
}

const MediaAnswer = z.object({
  id: z.string(),
  url: z.string(),
  mime_type: z.string(),
  sha256: z.string().optional(),
  file_size: z.union([z.number(), z.string()]).optional(),
});

/** WhatsApp Cloud API (Graph API) media retrieval. */
export class WhatsAppClient {
  private readonly http: AuthorizedFetch;
  private readonly base: string;

  constructor(options: WhatsAppClientOptions) {
    this.http = new AuthorizedFetch('WHATSAPP', { tokens: { accessToken: options.accessToken } }, options);
    this.base = (options.baseUrl ?? 'https://graph.facebook.com/v21.0').replace(/\/$/, '');
  }

  async getMediaUrl(mediaId: string, options: { phoneNumberId?: string } = {}): Promise<MediaInfo> {
    const answer = await this.http.json(`${this.base}/${encodeURIComponent(mediaId)}`, MediaAnswer, {
      query: { phone_number_id: options.phoneNumberId },
    });
    return {
      id: answer.id,
      url: answer.url,
      mimeType: answer.mime_type,
      sha256: answer.sha256 ?? null,
      fileSize: answer.file_size === undefined ? null : Number(answer.file_size),
    };
  }

  /**
   * The media bytes as a stream (the URL needs the token too). With `sha256` the stream fails at its
   * end when the bytes do not match, so a store it is piped into never commits a corrupt file.
   */
  async downloadMedia(url: string, options: { sha256?: string | null; timeoutMs?: number } = {}): Promise<Readable> {
    const response = await this.http.request(url, { accept: '*/*', timeoutMs: options.timeoutMs ?? 120_000 });
    const source = response.body ? Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>) : Readable.from([]);
    const expected = options.sha256;
    const hash = createHash('sha256');
    const check = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        const digest = hash.digest();
        const matches = !expected || digest.toString('hex') === expected.toLowerCase() || digest.toString('base64') === expected;
        done(
          matches
            ? null
            : new ConnectorError({ kind: 'TEMPORARY', provider: 'WHATSAPP', message: 'downloaded media does not match its sha256' }),
        );
      },
    });
    // A connection lost mid-download surfaces as a typed error too.
    source.on('error', (error) => check.destroy(errorFromFailure('WHATSAPP', error)));
    return source.pipe(check);
  }

  /** getMediaUrl then downloadMedia, checked against the announced sha256, in memory (voice notes, photos). */
  async readMedia(mediaId: string): Promise<{ mimeType: string; sha256: string | null; content: Buffer }> {
    const info = await this.getMediaUrl(mediaId);
    const chunks: Buffer[] = [];
    for await (const chunk of await this.downloadMedia(info.url, { sha256: info.sha256 })) chunks.push(chunk as Buffer);
    return { mimeType: info.mimeType, sha256: info.sha256, content: Buffer.concat(chunks) };
  }
}

// Equal-length digests so the comparison time says nothing about the token.
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return expected.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

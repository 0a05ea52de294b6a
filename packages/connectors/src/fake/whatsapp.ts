import { createHash } from 'node:crypto';
import { signPayload } from '../whatsapp.ts';
import { decodeToken, encodeToken, graphError, json } from './http.ts';

export interface FakeWhatsAppOptions {
  accessToken?: string;
  appSecret?: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  businessAccountId?: string;
  /** Origin of the media download URLs (lookaside.fbsbx.com in production); the request's own by default. */
  mediaOrigin?: string;
}

interface Sender {
  /** Digits of the international number, as WhatsApp writes them (`33698765432`). */
  phone: string;
  name: string;
}

export type InboundSpec = Sender & { at: Date } & (
    | { text: string }
    | {
        media: {
          type: 'image' | 'audio' | 'document' | 'video';
          content: Buffer;
          mimeType: string;
          fileName?: string;
          caption?: string;
          voice?: boolean;
        };
      }
  );

/** One webhook POST as Meta sends it: the exact bytes and their X-Hub-Signature-256. */
export interface WebhookDelivery {
  rawBody: Buffer;
  signature: string;
}

interface StoredMedia {
  content: Buffer;
  mimeType: string;
}

/**
 * The WhatsApp Cloud API side the connectors touch: the Graph media endpoints (GET /{version}/{media-id}
 * and the download URL, both behind the Bearer token) and the webhook deliveries it would push.
 */
export class FakeWhatsApp {
  readonly accessToken: string;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  private readonly displayPhoneNumber: string;
  private readonly businessAccountId: string;
  private readonly mediaOrigin: string | undefined;
  private readonly media = new Map<string, StoredMedia>();
  private readonly deliveries: WebhookDelivery[] = [];
  private revoked = false;
  private counter = 0;

  constructor(options: FakeWhatsAppOptions = {}) {
    this.accessToken = options.accessToken ?? 'EAAMockWhatsAppSystemUserToken0000000000';
    this.appSecret = options.appSecret ?? 'mock-whatsapp-app-secret';
    this.phoneNumberId = options.phoneNumberId ?? '106540352242922';
    this.displayPhoneNumber = options.displayPhoneNumber ?? '33491543210';
    this.businessAccountId = options.businessAccountId ?? '102290129340398';
    this.mediaOrigin = options.mediaOrigin;
  }

  /** The token stops working (Graph error 190), as when a system user's token is invalidated. */
  revokeToken(): void {
    this.revoked = true;
  }

  /** A message reaches the business number: its media is stored and a signed webhook delivery queued. */
  receive(spec: InboundSpec): { id: string; mediaId: string | null; delivery: WebhookDelivery } {
    this.counter += 1;
    const id = `wamid.HBgL${spec.phone}FQIAEhgg${createHash('sha1').update(`${spec.phone}:${this.counter}`).digest('hex').slice(0, 32).toUpperCase()}AA==`;
    const base = { from: spec.phone, id, timestamp: String(Math.floor(spec.at.getTime() / 1000)) };
    let message: Record<string, unknown>;
    let mediaId: string | null = null;
    if ('text' in spec) message = { ...base, type: 'text', text: { body: spec.text } };
    else {
      const { type, content, mimeType, fileName, caption, voice } = spec.media;
      mediaId = String(1_000_000_000_000_000n + BigInt(this.counter) * 7_777_777n);
      this.media.set(mediaId, { content, mimeType });
      // Webhooks carry the sha256 in base64; the media endpoint answers it in hex.
      const sha256 = createHash('sha256').update(content).digest('base64');
      message = {
        ...base,
        type,
        [type]: {
          id: mediaId,
          mime_type: mimeType,
          sha256,
          ...(fileName ? { filename: fileName } : {}),
          ...(caption ? { caption } : {}),
          ...(type === 'audio' ? { voice: voice ?? false } : {}),
        },
      };
    }
    const delivery = this.deliver({ contacts: [{ profile: { name: spec.name }, wa_id: spec.phone }], messages: [message] });
    return { id, mediaId, delivery };
  }

  /** A status update (sent, delivered, read) for a message the agency sent. */
  receiveStatus(messageId: string, recipient: string, status: 'sent' | 'delivered' | 'read', at: Date): WebhookDelivery {
    return this.deliver({
      statuses: [{ id: messageId, status, timestamp: String(Math.floor(at.getTime() / 1000)), recipient_id: recipient }],
    });
  }

  /**
   * The queued deliveries, a page at a time. Meta pushes webhooks and has no such listing: the mock
   * runtime pulls them instead, so its sync pages with a cursor like the other connectors.
   */
  pullDeliveries(options: { cursor: string | null; limit?: number }): {
    deliveries: WebhookDelivery[];
    nextCursor: string;
    hasMore: boolean;
  } {
    const from = decodeToken<{ o: number }>(options.cursor)?.o ?? 0;
    const page = this.deliveries.slice(from, from + (options.limit ?? 50));
    const next = from + page.length;
    return { deliveries: page, nextCursor: encodeToken({ o: next }), hasMore: next < this.deliveries.length };
  }

  readonly handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (this.revoked || request.headers.get('authorization') !== `Bearer ${this.accessToken}`) {
      return graphError(401, 190, 'Error validating access token: The session has been invalidated.', 460);
    }
    if (url.pathname === '/whatsapp_business/attachments/') {
      const stored = this.media.get(url.searchParams.get('mid') ?? '');
      if (!stored) return new Response('Not Found', { status: 404 });
      return new Response(stored.content, {
        status: 200,
        headers: { 'content-type': stored.mimeType, 'content-length': String(stored.content.length) },
      });
    }
    const media = /^\/v\d+\.\d+\/(\d+)$/.exec(url.pathname);
    const stored = media ? this.media.get(media[1] as string) : undefined;
    if (!media || !stored)
      return graphError(400, 100, `Unsupported get request. Object with ID '${url.pathname.split('/').pop()}' does not exist.`, 33);
    const origin = this.mediaOrigin ?? url.origin;
    return json(200, {
      messaging_product: 'whatsapp',
      url: `${origin}/whatsapp_business/attachments/?mid=${media[1]}&ext=${Math.floor(Date.now() / 1000) + 300}&hash=ARb3${media[1]?.slice(-6)}`,
      mime_type: stored.mimeType,
      sha256: createHash('sha256').update(stored.content).digest('hex'),
      file_size: stored.content.length,
      id: media[1],
    });
  };

  private deliver(value: Record<string, unknown>): WebhookDelivery {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.businessAccountId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: this.displayPhoneNumber, phone_number_id: this.phoneNumberId },
                ...value,
              },
              field: 'messages',
            },
          ],
        },
      ],
    };
    const rawBody = Buffer.from(JSON.stringify(payload));
    const delivery = { rawBody, signature: signPayload(rawBody, this.appSecret) };
    this.deliveries.push(delivery);
    return delivery;
  }
}

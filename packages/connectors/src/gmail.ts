import { z } from 'zod';
import { AuthorizedFetch, type ConnectorAuth, type HttpOptions } from './authorized-fetch.ts';
import { isConnectorError } from './errors.ts';
import { decodeHeader, decodeText, defaultFileName, parseAddressList, parseRawMail, type MailAttachment, type ParsedMail } from './mime.ts';

export interface GmailClientOptions extends HttpOptions {
  baseUrl?: string;
  auth: ConnectorAuth;
  /**
   * Messages up to this size are fetched raw and decoded by postal-mime; bigger ones are
   * assembled from the `full` parts with one attachments.get per attachment (see getMessage).
   */
  rawMaxBytes?: number;
  /** Messages fetched at the same time within a page. */
  concurrency?: number;
}

export interface GmailMessageRef {
  id: string;
  threadId: string;
}

export interface GmailMessage extends ParsedMail {
  id: string;
  threadId: string;
  historyId: string;
  /** When Gmail accepted the message (ISO 8601): more reliable than the Date header. */
  internalDate: string;
  labelIds: string[];
  sizeEstimate: number;
}

export interface GmailHistoryRecord {
  id: string;
  added: GmailMessageRef[];
}

export interface MailboxSyncOptions {
  /** The historyId stored after the previous sync; null for a first (or full re-) sync. */
  cursor: string | null;
  pageSize?: number;
  /** Bound of a sync run: a full sync imports the newest ones, an incremental one resumes later. */
  maxMessages?: number;
  /** Gmail search for the full sync, e.g. `newer_than:90d`. */
  q?: string;
}

export interface MailboxPage {
  messages: GmailMessage[];
  fullSync: boolean;
  /** Set on the last page only: the historyId to store for the next incremental sync. */
  nextCursor: string | null;
  /** The last page stopped at maxMessages with more left. */
  truncated: boolean;
}

const Ref = z.object({ id: z.string(), threadId: z.string() });
const Profile = z.object({ emailAddress: z.string(), historyId: z.string(), messagesTotal: z.number().optional() });
const MessageList = z.object({
  messages: z.array(Ref).optional(),
  nextPageToken: z.string().optional(),
  resultSizeEstimate: z.number().optional(),
});
const HistoryList = z.object({
  history: z
    .array(
      z.object({
        id: z.string(),
        messagesAdded: z.array(z.object({ message: Ref.extend({ labelIds: z.array(z.string()).optional() }) })).optional(),
      }),
    )
    .optional(),
  nextPageToken: z.string().optional(),
  historyId: z.string(),
});
const MessageBase = z.object({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).optional(),
  historyId: z.string(),
  internalDate: z.string(),
  sizeEstimate: z.number(),
});

interface GmailPart {
  partId?: string | undefined;
  mimeType: string;
  filename?: string | undefined;
  headers?: { name: string; value: string }[] | undefined;
  body?: { size?: number | undefined; data?: string | undefined; attachmentId?: string | undefined } | undefined;
  parts?: GmailPart[] | undefined;
}
const Part: z.ZodType<GmailPart> = z.lazy(() =>
  z.object({
    partId: z.string().optional(),
    mimeType: z.string(),
    filename: z.string().optional(),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    body: z.object({ size: z.number().optional(), data: z.string().optional(), attachmentId: z.string().optional() }).optional(),
    parts: z.array(Part).optional(),
  }),
);
const RawMessage = MessageBase.extend({ raw: z.string() });
const FullMessage = MessageBase.extend({ payload: Part });
const AttachmentBody = z.object({ size: z.number(), data: z.string() });

// Mail we never import: unsent drafts, spam and the bin.
const SKIPPED_LABELS = new Set(['DRAFT', 'SPAM', 'TRASH']);

/** Gmail API v1 for the mailbox of the connected account (`users/me`). */
export class GmailClient {
  private readonly http: AuthorizedFetch;
  private readonly base: string;
  private readonly rawMaxBytes: number;
  private readonly concurrency: number;

  constructor(options: GmailClientOptions) {
    this.http = new AuthorizedFetch('GMAIL', options.auth, options);
    this.base = `${(options.baseUrl ?? 'https://gmail.googleapis.com').replace(/\/$/, '')}/gmail/v1/users/me`;
    this.rawMaxBytes = options.rawMaxBytes ?? 5 * 1024 * 1024;
    this.concurrency = options.concurrency ?? 4;
  }

  async getProfile(): Promise<{ emailAddress: string; historyId: string }> {
    const profile = await this.http.json(`${this.base}/profile`, Profile);
    return { emailAddress: profile.emailAddress, historyId: profile.historyId };
  }

  async listMessages(
    options: { pageToken?: string | undefined; q?: string | undefined; maxResults?: number } = {},
  ): Promise<{ messages: GmailMessageRef[]; nextPageToken: string | null; resultSizeEstimate: number }> {
    const page = await this.http.json(`${this.base}/messages`, MessageList, {
      query: { pageToken: options.pageToken, q: options.q, maxResults: options.maxResults },
    });
    return { messages: page.messages ?? [], nextPageToken: page.nextPageToken ?? null, resultSizeEstimate: page.resultSizeEstimate ?? 0 };
  }

  /** Messages added since `startHistoryId`, oldest first; a too-old id throws CURSOR_EXPIRED. */
  async listHistory(options: {
    startHistoryId: string;
    pageToken?: string | undefined;
    maxResults?: number;
  }): Promise<{ history: GmailHistoryRecord[]; nextPageToken: string | null; historyId: string }> {
    const page = await this.http.json(`${this.base}/history`, HistoryList, {
      query: {
        startHistoryId: options.startHistoryId,
        historyTypes: 'messageAdded',
        pageToken: options.pageToken,
        maxResults: options.maxResults,
      },
      cursor: true,
    });
    return {
      history: (page.history ?? []).map((record) => ({
        id: record.id,
        added: (record.messagesAdded ?? [])
          .map((a) => a.message)
          .filter((m) => !m.labelIds?.some((l) => SKIPPED_LABELS.has(l)))
          .map((m) => ({ id: m.id, threadId: m.threadId })),
      })),
      nextPageToken: page.nextPageToken ?? null,
      historyId: page.historyId,
    };
  }

  /**
   * One message, decoded. `format=full` comes first because its answer stays small whatever the
   * attachments (they are referenced by attachmentId) and it tells the size. Up to rawMaxBytes the
   * message is then fetched raw so postal-mime applies every MIME rule itself; a bigger one is
   * assembled from its parts, each attachment fetched on its own, so a 25 MB message never sits
   * in memory as one base64 string.
   */
  async getMessage(id: string): Promise<GmailMessage> {
    const full = await this.http.json(this.messageUrl(id), FullMessage, { query: { format: 'full' } });
    const parsed = full.sizeEstimate <= this.rawMaxBytes ? await this.getRawMail(id) : await this.assemble(id, full.payload);
    return {
      id: full.id,
      threadId: full.threadId,
      historyId: full.historyId,
      internalDate: new Date(Number(full.internalDate)).toISOString(),
      labelIds: full.labelIds ?? [],
      sizeEstimate: full.sizeEstimate,
      ...parsed,
    };
  }

  /** The bytes of one attachment referenced by a `full` message part. */
  async getAttachment(messageId: string, attachmentId: string): Promise<Buffer> {
    const body = await this.http.json(`${this.messageUrl(messageId)}/attachments/${encodeURIComponent(attachmentId)}`, AttachmentBody);
    return Buffer.from(body.data, 'base64url');
  }

  /**
   * Pages of new mail. Without a cursor: the profile's historyId is read first (so what arrives
   * during the listing shows up in the next incremental run) and messages.list is paged, newest
   * first. With one: history.list is paged from it. CURSOR_EXPIRED propagates: the caller decides
   * on a bounded full resync.
   */
  async *syncMailbox(options: MailboxSyncOptions): AsyncGenerator<MailboxPage> {
    const pageSize = options.pageSize ?? 100;
    const maxMessages = options.maxMessages ?? 500;
    if (options.cursor === null) yield* this.fullSync(pageSize, maxMessages, options.q);
    else yield* this.incrementalSync(options.cursor, pageSize, maxMessages);
  }

  private async *fullSync(pageSize: number, maxMessages: number, q: string | undefined): AsyncGenerator<MailboxPage> {
    const { historyId } = await this.getProfile();
    let pageToken: string | undefined;
    let listed = 0;
    for (;;) {
      const page = await this.listMessages({ pageToken, q, maxResults: Math.min(pageSize, maxMessages - listed) });
      listed += page.messages.length;
      const last = page.nextPageToken === null || listed >= maxMessages;
      yield {
        messages: await this.fetchAll(page.messages),
        fullSync: true,
        nextCursor: last ? historyId : null,
        truncated: last && page.nextPageToken !== null,
      };
      if (last) return;
      pageToken = page.nextPageToken ?? undefined;
    }
  }

  private async *incrementalSync(cursor: string, pageSize: number, maxMessages: number): AsyncGenerator<MailboxPage> {
    const seen = new Set<string>();
    let pageToken: string | undefined;
    let lastRecord = cursor;
    for (;;) {
      const page = await this.listHistory({ startHistoryId: cursor, pageToken, maxResults: pageSize });
      const refs: GmailMessageRef[] = [];
      let stopped = false;
      for (const record of page.history) {
        // Whole records only, so the checkpoint below never splits one.
        if (seen.size >= maxMessages) {
          stopped = true;
          break;
        }
        for (const ref of record.added) {
          if (seen.has(ref.id)) continue;
          seen.add(ref.id);
          refs.push(ref);
        }
        lastRecord = record.id;
      }
      const last = stopped || page.nextPageToken === null;
      yield {
        messages: await this.fetchAll(refs),
        fullSync: false,
        nextCursor: last ? (stopped ? lastRecord : page.historyId) : null,
        truncated: stopped,
      };
      if (last) return;
      pageToken = page.nextPageToken ?? undefined;
    }
  }

  // A message deleted between the listing and the fetch is skipped, as are drafts, spam and bin.
  private async fetchAll(refs: GmailMessageRef[]): Promise<GmailMessage[]> {
    const results: (GmailMessage | null)[] = new Array(refs.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < refs.length) {
        const index = next++;
        const ref = refs[index] as GmailMessageRef;
        try {
          const message = await this.getMessage(ref.id);
          if (!message.labelIds.some((l) => SKIPPED_LABELS.has(l))) results[index] = message;
        } catch (error) {
          if (!(isConnectorError(error) && error.kind === 'NOT_FOUND')) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, refs.length) }, worker));
    return results.filter((m): m is GmailMessage => m !== null);
  }

  private async getRawMail(id: string): Promise<ParsedMail> {
    const message = await this.http.json(this.messageUrl(id), RawMessage, { query: { format: 'raw' } });
    return parseRawMail(Buffer.from(message.raw, 'base64url'));
  }

  private async assemble(messageId: string, payload: GmailPart): Promise<ParsedMail> {
    const header = (part: GmailPart, name: string) => part.headers?.find((h) => h.name.toLowerCase() === name)?.value;
    let text: string | null = null;
    let html: string | null = null;
    const attachments: MailAttachment[] = [];
    for (const part of leaves(payload)) {
      const disposition = header(part, 'content-disposition') ?? '';
      const fileName = decodeHeader(part.filename);
      const isBody = !fileName && !/^attachment/i.test(disposition) && (part.mimeType === 'text/plain' || part.mimeType === 'text/html');
      const bytes = part.body?.data
        ? Buffer.from(part.body.data, 'base64url')
        : part.body?.attachmentId
          ? await this.getAttachment(messageId, part.body.attachmentId)
          : Buffer.alloc(0);
      if (isBody) {
        const decoded = decodeText(bytes, header(part, 'content-type'));
        if (part.mimeType === 'text/plain') text = text === null ? decoded : `${text}\n${decoded}`;
        else html = html === null ? decoded : `${html}\n${decoded}`;
        continue;
      }
      attachments.push({
        fileName: fileName || defaultFileName(attachments.length, part.mimeType),
        mimeType: part.mimeType,
        size: bytes.length,
        content: bytes,
        inline: /^inline/i.test(disposition),
      });
    }
    const date = header(payload, 'date');
    return {
      messageId: header(payload, 'message-id') ?? null,
      from: parseAddressList(header(payload, 'from'))[0] ?? null,
      to: parseAddressList(header(payload, 'to')),
      cc: parseAddressList(header(payload, 'cc')),
      subject: decodeHeader(header(payload, 'subject')),
      date: date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : null,
      text,
      html,
      attachments,
    };
  }

  private messageUrl(id: string): string {
    return `${this.base}/messages/${encodeURIComponent(id)}`;
  }
}

function* leaves(part: GmailPart): Generator<GmailPart> {
  if (part.parts?.length) for (const child of part.parts) yield* leaves(child);
  else if (!part.mimeType.startsWith('multipart/')) yield part;
}

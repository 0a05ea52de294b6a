import busboy from 'busboy';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the fake server: a status, a body and headers, or no answer at all (a hung upstream). */
export type FakeReply = { status: number; body: unknown; headers?: Record<string, string> } | 'hang';

/** A multipart upload as the server received it: its text fields and its one file. */
export interface RecordedForm {
  fields: Record<string, string>;
  file: { field: string; fileName: string; mimeType: string; bytes: number } | null;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The upload of an audio transcription (multipart/form-data); absent for JSON requests. */
  form?: RecordedForm;
  /** The JSON body of a chat completion; empty for a multipart upload. */
  body: {
    model: string;
    temperature?: number;
    messages: { role: string; content: string }[];
    response_format: { type: string; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };
  };
}

/** Reads a multipart/form-data body with busboy, keeping the file's size rather than its bytes. */
function readForm(req: IncomingMessage): Promise<RecordedForm> {
  return new Promise((resolve, reject) => {
    const form: RecordedForm = { fields: {}, file: null };
    const parser = busboy({ headers: req.headers });
    parser.on('field', (name, value) => {
      form.fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.on('end', () => {
        form.file = { field, fileName: info.filename ?? '', mimeType: info.mimeType, bytes };
      });
    });
    parser.on('close', () => resolve(form));
    parser.on('error', reject);
    req.pipe(parser);
  });
}

function readJson(req: IncomingMessage): Promise<RecordedRequest['body']> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
  });
}

export interface FakeOpenAIOptions {
  /**
   * The reply to a request when none is queued (by default a 500 the test will notice): lets a
   * long run, such as the triage evaluation, answer every request alike and count them in `requests`.
   */
  otherwise?: (request: RecordedRequest) => FakeReply;
}

/**
 * A local server speaking the wire format of OpenAI's chat completions and audio
 * transcriptions, on 127.0.0.1 and a random port. Each request takes the next queued reply, or
 * `otherwise`'s; every request is kept in `requests`, in order.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}) {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const respond = async (req: IncomingMessage, res: ServerResponse) => {
    const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const recorded: RecordedRequest = { method: req.method!, url: req.url!, headers: req.headers, body: {} as RecordedRequest['body'] };
    if (multipart) recorded.form = await readForm(req);
    else recorded.body = await readJson(req);
    requests.push(recorded);
    const reply = queue.shift() ??
      options.otherwise?.(recorded) ?? { status: 500, body: { error: { message: 'no reply queued by the test', type: 'server_error' } } };
    if (reply === 'hang') return;
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(body);
  };
  // A request the fake cannot read breaks the connection, which the client under test reports.
  const server = createServer((req, res) => void respond(req, res).catch((error: Error) => res.destroy(error)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies: FakeReply[]) => queue.push(...replies),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A chat completion whose message content is `content` (an object is sent as its JSON). */
export function completion(content: unknown, options: { finishReason?: string; refusal?: string } = {}): FakeReply {
  return {
    status: 200,
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_772_000_000,
      model: 'gpt-test',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: options.refusal ? null : typeof content === 'string' ? content : JSON.stringify(content),
            refusal: options.refusal ?? null,
          },
          finish_reason: options.finishReason ?? 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    },
  };
}

/** An OpenAI error response; `retry-after-ms` keeps the SDK's backoff short in tests. */
export const apiError = (status: number, message: string): FakeReply => ({
  status,
  body: { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null } },
  headers: { 'retry-after-ms': '5' },
});

export interface FakeSegment {
  start: number;
  end: number;
  avg_logprob: number;
  no_speech_prob: number;
  text?: string;
}

/** A `verbose_json` transcription, as Whisper answers it (language named in English, "french"). */
export function transcription(answer: { text: string; language?: string; duration?: number; segments?: FakeSegment[] }): FakeReply {
  return {
    status: 200,
    body: {
      task: 'transcribe',
      language: answer.language ?? 'french',
      duration: answer.duration ?? 12.5,
      text: answer.text,
      segments: (answer.segments ?? []).map((s, id) => ({
        id,
        seek: 0,
        tokens: [50364, 1000 + id],
        temperature: 0,
        compression_ratio: 1.2,
        text: s.text ?? '',
        ...s,
      })),
      usage: { type: 'duration', seconds: Math.ceil(answer.duration ?? 12.5) },
    },
  };
}

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the fake server: a status, a body and headers, or no answer at all (a hung upstream). */
export type FakeReply = { status: number; body: unknown; headers?: Record<string, string> } | 'hang';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    temperature?: number;
    messages: { role: string; content: string }[];
    response_format: { type: string; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };
  };
}

/**
 * A local server speaking the wire format of OpenAI's chat completions, on 127.0.0.1 and a
 * random port. Each request takes the next queued reply; a request with none queued is a 500 the
 * test will notice.
 */
export async function startFakeOpenAI() {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const reply = queue.shift() ?? { status: 500, body: { error: { message: 'no reply queued by the test', type: 'server_error' } } };
      if (reply === 'hang') return;
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(body);
    });
  });
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
          message: { role: 'assistant', content: options.refusal ? null : typeof content === 'string' ? content : JSON.stringify(content), refusal: options.refusal ?? null },
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

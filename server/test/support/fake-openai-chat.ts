import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedChatRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: any;
}

/** A completion whose message content is given, or an error (a 429 may carry Retry-After and the rate-limit headers). */
export type ChatAnswer =
  | { content: string; /** Held until this settles, so a test can look at the caller while it waits. */ after?: Promise<void> }
  | { status: number; message: string; headers?: Record<string, string> };

/**
 * A local stand-in for the OpenAI chat completions API (POST /v1/chat/completions), answering with whatever the test
 * scripts: a completion whose message content is given, or an error in OpenAI's error shape.
 */
export async function startFakeOpenAiChat(): Promise<{
  baseUrl: string;
  requests: RecordedChatRequest[];
  answerWith(next: ChatAnswer): void;
  close(): Promise<void>;
}> {
  const requests: RecordedChatRequest[] = [];
  let next: ChatAnswer = { content: '{}' };
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    requests.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization, body });
    response.setHeader('content-type', 'application/json');
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.statusCode = 404;
      response.end(JSON.stringify({ error: { message: 'Unknown path', type: 'invalid_request_error', code: null } }));
      return;
    }
    if ('status' in next) {
      response.statusCode = next.status;
      for (const [name, value] of Object.entries(next.headers ?? {})) response.setHeader(name, value);
      const [type, code] = next.status === 429 ? ['requests', 'rate_limit_exceeded'] : ['server_error', null];
      response.end(JSON.stringify({ error: { message: next.message, type, param: null, code } }));
      return;
    }
    const answer = next;
    if (answer.after) await answer.after;
    response.end(
      JSON.stringify({
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body?.model ?? 'unknown',
        choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 120, completion_tokens: 80, total_tokens: 200 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    requests,
    answerWith(answer) {
      next = answer;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import { sendJson, startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

/** The JSON the model "writes", or an error answer in Anthropic's shape. */
export type AnthropicAnswer = { json: unknown } | { status: number; type: string; message: string };

/**
 * A local stand-in for Anthropic's Messages API (POST /v1/messages with x-api-key and anthropic-version headers).
 * Structured output comes back the way the request asked for it: as text when the request sets
 * output_config.format (native structured outputs), or as a call of the forced `json` tool.
 */
export async function startFakeAnthropicMessages(
  apiKey: string,
): Promise<FakeHttpServer & { baseUrl: string; answerWith(next: AnthropicAnswer): void }> {
  let next: AnthropicAnswer = { json: {} };
  const server = await startFakeHttpServer((request, response) => {
    if (request.method !== 'POST' || request.path !== '/v1/messages') {
      sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: `Unknown path ${request.path}` } });
      return;
    }
    if (request.headers['x-api-key'] !== apiKey) {
      sendJson(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      return;
    }
    if (!request.headers['anthropic-version']) {
      sendJson(response, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
      });
      return;
    }
    if ('status' in next) {
      sendJson(
        response,
        next.status,
        { type: 'error', error: { type: next.type, message: next.message } },
        next.status === 429 ? { 'retry-after': '0' } : {},
      );
      return;
    }
    const usesJsonTool = request.body.tools?.some((tool: { name: string }) => tool.name === 'json');
    sendJson(response, 200, {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: request.body.model,
      content: usesJsonTool
        ? [{ type: 'tool_use', id: 'toolu_fake', name: 'json', input: next.json }]
        : [{ type: 'text', text: JSON.stringify(next.json) }],
      stop_reason: usesJsonTool ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 120, output_tokens: 80 },
    });
  });
  return Object.assign(server, {
    baseUrl: `${server.origin}/v1`,
    answerWith(answer: AnthropicAnswer) {
      next = answer;
    },
  });
}

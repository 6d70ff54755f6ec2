import { sendJson, startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

export type GoogleAnswer = { text: string } | { status: number; message: string; status_name: string };

/**
 * A local stand-in for the Gemini API's generateContent (POST /v1beta/models/{model}:generateContent, key in the
 * x-goog-api-key header), answering with the text the test scripts or with an error in Google's error shape.
 */
export async function startFakeGoogleGenerateContent(
  apiKey: string,
): Promise<FakeHttpServer & { baseUrl: string; answerWith(next: GoogleAnswer): void }> {
  let next: GoogleAnswer = { text: '{}' };
  const server = await startFakeHttpServer((request, response) => {
    const match = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(request.path);
    if (request.method !== 'POST' || !match) {
      sendJson(response, 404, { error: { code: 404, message: `Unknown path ${request.path}`, status: 'NOT_FOUND' } });
      return;
    }
    if (request.headers['x-goog-api-key'] !== apiKey) {
      sendJson(response, 400, {
        error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' },
      });
      return;
    }
    if ('status' in next) {
      sendJson(response, next.status, { error: { code: next.status, message: next.message, status: next.status_name } });
      return;
    }
    sendJson(response, 200, {
      candidates: [{ content: { parts: [{ text: next.text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 80, totalTokenCount: 200 },
      modelVersion: match[1],
      responseId: 'fake-response',
    });
  });
  return Object.assign(server, {
    baseUrl: `${server.origin}/v1beta`,
    answerWith(answer: GoogleAnswer) {
      next = answer;
    },
  });
}

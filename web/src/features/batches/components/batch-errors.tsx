import { BrandgenApiError } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';

/** Each message once: the server's sentences name the row or prompt themselves, so nothing is prefixed or repeated. */
function messagesOf(error: unknown): string[] {
  if (typeof error === 'string') return [error];
  if (error instanceof BrandgenApiError && error.fields.length > 1 && error.status === 400) {
    return [...new Set(error.fields.map((field) => field.message))];
  }
  return [describeError(error)];
}

/** Why a batch did not start, in plain words, said once: the server's error, or the form's own sentence. */
export function BatchErrors({ error }: { error: unknown }) {
  const messages = messagesOf(error);
  return (
    <div className="field-error batch-errors" role="alert">
      {messages.length === 1 ? (
        <p>{messages[0]}</p>
      ) : (
        <ul>
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

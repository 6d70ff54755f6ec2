import { unwrap, type BatchInput } from '@brandgen/client';
import { api } from './client.ts';

export function createBatch(input: BatchInput) {
  return unwrap(api.POST('/api/batches', { body: input }));
}

export function getBatch(id: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/batches/{id}', { params: { path: { id } }, signal }));
}

export function cancelBatch(id: string) {
  return unwrap(api.POST('/api/batches/{id}/cancel', { params: { path: { id } } }));
}

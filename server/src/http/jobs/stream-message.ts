import type { StreamMessage } from '../../services/job-stream.ts';
import { imageUrl, presentJob, thumbnailUrl } from './job-presenter.ts';

/** A job stream's message as an SSE event name and its JSON data, for a job's stream and a project's alike. */
export function sseEventOf(jobId: string, message: StreamMessage) {
  switch (message.type) {
    case 'state':
    case 'complete':
    case 'failed':
    case 'filed':
      return { event: message.type, data: presentJob(message.job) };
    case 'image':
      return {
        event: message.type,
        data: { n: message.data.n, url: imageUrl(jobId, message.data.n), thumbnail_url: thumbnailUrl(jobId, message.data.n) },
      };
    default:
      return { event: message.type, data: message.data };
  }
}

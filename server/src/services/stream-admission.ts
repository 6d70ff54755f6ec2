import type { OpenStreams } from '../events/open-streams.ts';
import { TooManyStreamsError } from './errors.ts';

/** Streams usually end when their job does, so a refused client may try again soon. */
const RETRY_AFTER_SECONDS = 10;

/** Each user may hold at most `maxPerUser` open event streams; the next is refused until one closes. */
export class StreamAdmission {
  private readonly streams: OpenStreams;
  private readonly maxPerUser: number;

  constructor(options: { streams: OpenStreams; maxPerUser: number }) {
    this.streams = options.streams;
    this.maxPerUser = options.maxPerUser;
  }

  /** Answers the function that releases the stream's place; throws when the user holds the maximum already. */
  async admit(userId: string): Promise<() => void> {
    const release = await this.streams.open(userId, this.maxPerUser);
    if (!release) throw new TooManyStreamsError(this.maxPerUser, RETRY_AFTER_SECONDS);
    return release;
  }
}

import { BrandgenApiError, isAbort } from './brandgen-api-error.ts';

export type FetchFunction = (request: Request) => Promise<Response>;

export interface TransportOptions {
  /** Where Brandgen answers, e.g. `https://brandgen.example.com`; `''` for paths relative to the page (same origin). */
  baseUrl: string;
  /** A personal API token or access token, sent as `Authorization: Bearer`; a function is asked before every request. */
  token?: string | (() => string | undefined) | undefined;
  /** Another fetch (a test's, a proxy's); the global one by default. */
  fetch?: FetchFunction | undefined;
}

/** The one place that knows the base address and the bearer header, for the generated calls and the helpers alike. */
export class Transport {
  readonly baseUrl: string;
  private readonly token: TransportOptions['token'];
  private readonly fetchFunction: FetchFunction;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    // Looked up at call time: a page or test may replace the global fetch after the client is made.
    this.fetchFunction = options.fetch ?? ((request) => globalThis.fetch(request));
  }

  /** A path of the API (`/api/...`) or an absolute URL the API returned. */
  url(pathOrUrl: string): string {
    return /^[a-z][a-z\d+.-]*:/i.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
  }

  authorization(): string | undefined {
    const token = typeof this.token === 'function' ? this.token() : this.token;
    return token ? `Bearer ${token}` : undefined;
  }

  /** Adds the bearer header unless the request already carries one. */
  withAuthorization(request: Request): Request {
    const authorization = this.authorization();
    if (authorization === undefined || request.headers.has('authorization')) return request;
    request.headers.set('authorization', authorization);
    return request;
  }

  /** The fetch every request goes through; a request that gets no answer fails with a BrandgenApiError of status 0. */
  async fetch(request: Request): Promise<Response> {
    try {
      return await this.fetchFunction(this.withAuthorization(request));
    } catch (error) {
      if (isAbort(error)) throw error;
      throw BrandgenApiError.unreachable(request.url, error);
    }
  }

  /** `fetch` for a path of the API; throws a BrandgenApiError for any answer that is not 2xx. */
  async send(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.fetch(new Request(this.url(pathOrUrl), init));
    if (!response.ok) throw await BrandgenApiError.fromResponse(response);
    return response;
  }
}

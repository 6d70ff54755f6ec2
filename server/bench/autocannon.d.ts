// The package ships no types; the benchmark uses only this much of it.
declare module 'autocannon' {
  interface Result {
    requests: { average: number; total: number };
    /** Seconds the run took, to the hundredth. */
    duration: number;
    non2xx: number;
    errors: number;
  }
  function autocannon(options: {
    url: string;
    connections: number;
    pipelining: number;
    duration: number;
    headers?: Record<string, string>;
  }): Promise<Result>;
  export default autocannon;
}

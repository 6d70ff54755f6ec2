/** The command line's exit codes, so that scripts can tell why a command stopped. */
export const ExitCode = {
  done: 0,
  /** A job or batch failed (the server said why). */
  jobFailed: 1,
  /** The command or its input is wrong: fix it and run again. */
  usage: 2,
  /** Not signed in, or the server refused the credentials. */
  refused: 3,
  /** The server could not be reached. */
  unreachable: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

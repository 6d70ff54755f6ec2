import { openConnection, type Connection, type ConnectionOptions } from './connection.ts';
import { Output, outputModeOf } from './output.ts';

export interface GlobalFlags {
  server?: string;
  json?: boolean;
  progress?: boolean;
}

/** What every command needs: the global flags, the server connection and the output, made on first use. */
export class CommandContext {
  readonly environment: NodeJS.ProcessEnv;
  /** Paths the user typed are relative to where they typed them (npm runs scripts in the workspace folder). */
  readonly workingDirectory: string;
  private readonly flags: () => GlobalFlags;
  private cachedOutput: Output | undefined;

  constructor(options: { flags: () => GlobalFlags; environment?: NodeJS.ProcessEnv }) {
    this.flags = options.flags;
    this.environment = options.environment ?? process.env;
    this.workingDirectory = this.environment.INIT_CWD ?? process.cwd();
  }

  output(): Output {
    this.cachedOutput ??= new Output({ mode: outputModeOf(this.flags()) });
    return this.cachedOutput;
  }

  connect(options: Omit<ConnectionOptions, 'server' | 'environment'> = {}): Promise<Connection> {
    return openConnection({ ...options, server: this.flags().server, environment: this.environment });
  }
}

import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { CliFailure, cliFailureOf } from './cli-failure.ts';
import { CommandContext, type GlobalFlags } from './command-context.ts';
import { DEFAULT_SERVER } from './connection.ts';
import { ExitCode } from './exit-codes.ts';
import { accountCommands } from './commands/account-commands.ts';
import { batchCommand } from './commands/batch-command.ts';
import { brandCommands } from './commands/brand-commands.ts';
import { jobCommands } from './commands/job-commands.ts';
import { libraryCommands } from './commands/library-commands.ts';
import { operatorCommands } from './commands/operator-commands.ts';

/** The `brandgen` program: client commands on the typed client, and the operator commands of the server. */
export function buildProgram(context: CommandContext, program: Command): Command {
  program
    .name('brandgen')
    .description('Make on-brand images with a Brandgen server from the command line, and run the server itself.')
    .version(commandVersion(), '-V, --version', 'print the version of brandgen')
    .option('--server <url>', `the Brandgen server (BRANDGEN_SERVER, or the one last signed in to; ${DEFAULT_SERVER} by default)`)
    .option('--json', 'print one JSON document for scripts instead of text')
    .option('--progress', 'with --json: print progress as JSON lines, the result last')
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 a job failed, 2 usage error, 3 not signed in or refused, 4 server unreachable.\n' +
        'Example:\n  brandgen login --server https://brandgen.example.com\n  brandgen generate "flat vector icon of a paper plane" --asset-type icon',
    );
  const commands = [
    ...accountCommands(context),
    ...jobCommands(context),
    batchCommand(context),
    ...libraryCommands(context),
    ...brandCommands(context),
    ...operatorCommands(context),
  ];
  for (const command of commands) program.addCommand(command);
  // Usage errors of every command end with exit code 2 instead of commander's 1, and never a stack trace.
  const exitOnUsageError = (command: Command) => {
    command.exitOverride();
    for (const child of command.commands) exitOnUsageError(child);
  };
  exitOnUsageError(program);
  return program;
}

/** The server package's version; the sources and the compiled files both sit two folders below its package.json. */
function commandVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

export async function runCli(argv: string[], environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = new Command();
  const context = new CommandContext({ flags: () => program.opts<GlobalFlags>(), environment });
  buildProgram(context, program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.done;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; commander has already printed what went wrong otherwise.
      return error.exitCode === 0 ? ExitCode.done : ExitCode.usage;
    }
    const failure =
      error instanceof CliFailure ? error : cliFailureOf(error, { server: environment.BRANDGEN_SERVER ?? DEFAULT_SERVER, hadToken: false });
    const output = context.output();
    if (output.isJson)
      process.stdout.write(
        `${JSON.stringify({ error: { message: failure.message, details: failure.details, exit_code: failure.exitCode } })}\n`,
      );
    process.stderr.write(`${[failure.message, ...failure.details].join('\n')}\n`);
    return failure.exitCode;
  }
}

process.exitCode = await runCli(process.argv.slice(2));

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../util/logger.js';
import { exitCodes, type CliContext } from '../context.js';
import { defaultConfigPath } from '../packageInfo.js';

/**
 * `openum serve [--config FILE]`: validates the configuration (invalid → one line per problem on
 * stderr, exit 2, before anything starts), starts the server, and on SIGINT or SIGTERM closes it
 * and exits 0. A second signal during shutdown exits at once with 1.
 */

// The server module is imported only once the configuration is valid, so that `serve` with a
// bad file reports it without loading the SIP stack.

/** If the server leaves a handle open after close(), exit anyway after this long. */
const shutdownGraceMs = 5000;

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the UM server (SIP, RTP, HTTP) until SIGINT or SIGTERM')
    .option('--config <file>', 'configuration file (default ./openum.yaml, else the demo configuration)')
    .action(async (options: { config?: string }) => {
      const file = options.config ?? defaultConfigPath(ctx.io.cwd);
      const { config, warnings } = loadConfig(file, { cwd: ctx.io.cwd });
      const logger = createLogger({ level: config.logging.level });
      for (const w of warnings) logger.warn({ file: w.file, line: w.line, path: w.path }, w.message);

      const { startServer } = await import('../../server.js');
      const server = await startServer(config, { logger, configPath: resolve(ctx.io.cwd, file) });

      const signal = await nextSignal();
      logger.info({ signal }, 'shutting down');
      void nextSignal().then((again) => {
        logger.warn({ signal: again }, 'second signal: exiting without waiting for shutdown');
        process.exit(exitCodes.failure);
      });
      await server.close();
      logger.info('stopped');
      setTimeout(() => process.exit(exitCodes.ok), shutdownGraceMs).unref();
      ctx.exitCode = exitCodes.ok;
    });
}

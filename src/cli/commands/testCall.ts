import type { Command } from 'commander';
import { createLogger } from '../../util/logger.js';
import { exitCodes, type CliContext } from '../context.js';
import { packageVersion } from '../packageInfo.js';
import { exitCodeOf, TestCallError } from '../testCall/errors.js';
import { parseTestCallOptions, type RawTestCallOptions } from '../testCall/options.js';

/**
 * `openum test-call sip:8500@127.0.0.1:5060 [--from 2000] [--diversion 1001] [--play file.wav]
 * [--dtmf "1#"] …`: a built-in SIP caller, like Exchange's Test-UMConnectivity, to see the whole
 * path work against one's own server. It calls as a gateway would (a forwarded call with Diversion
 * or History-Info), listens to the greeting until the beep, speaks, presses keys, and hangs up,
 * printing each step with its time from the INVITE and a summary (--json: the summary as JSON on
 * stdout, the steps on stderr). Exit 0 when the call was answered and every step ran; 1 with one
 * line saying what to check when it did not; 2 for an invalid option.
 */

// The SIP and media stack is imported only once the options are valid, so that a typo is
// reported at once.

export function register(program: Command, ctx: CliContext): void {
  program
    .command('test-call')
    .description('call a number as a gateway would: hear the greeting and beep, speak, press keys, hang up')
    .argument('<uri>', 'the number to call, e.g. sip:8500@127.0.0.1:5060 (;transport=tcp for TCP)')
    .option('--from <number>', 'caller number (default 2000)')
    .option('--name <name>', 'caller display name')
    .option('--diversion <ext>', 'forwarded from this extension: adds Diversion (RFC 5806)')
    .option('--history-info <ext>', 'forwarded from this extension: adds a History-Info chain (RFC 7044, cause RFC 4458)')
    .option('--reason <reason>', 'why it was forwarded: no-answer (default), user-busy, unconditional')
    .option('--play <file>', 'WAV file to speak after the beep (default: a built-in sentence)')
    .option('--dtmf <keys>', 'keys to press after speaking, e.g. "1#"')
    .option('--dtmf-mode <mode>', 'rfc4733 (default) or info (SIP INFO, application/dtmf-relay)')
    .option('--codec <list>', 'codecs to offer, best first (default PCMU,PCMA,G722)')
    .option('--hangup-after <seconds>', 'hang up this long after the last step unless the server did (default 5)')
    .option('--no-wait-beep', 'speak as soon as the call is answered')
    .option('--record-heard <file>', 'save what we heard as a WAV file')
    .option('--timeout <seconds>', 'wait this long for the answer, and then for the beep (default 30)')
    .option('--bind <address>', 'local IP[:PORT] for SIP (default: the address that reaches the target, any port)')
    .option('--transport <name>', 'udp (default) or tcp')
    .option('--json', 'print the summary as JSON on stdout (the steps go to stderr)')
    .action(async (uri: string, raw: RawTestCallOptions, command: Command) => {
      const { stdout, stderr } = ctx.io;
      let options;
      try {
        options = parseTestCallOptions(uri, raw, ctx.io.cwd);
      } catch (err) {
        if (!(err instanceof TestCallError)) throw err;
        stderr.write(`openum: ${err.message}\n`);
        ctx.exitCode = exitCodes.invalid;
        return;
      }
      const debug = command.optsWithGlobals<{ debug?: boolean }>().debug === true || ctx.io.env['OPENUM_DEBUG'] === '1';
      const logger = createLogger({ level: debug ? 'debug' : 'error', destination: 2 });
      const interrupt = new AbortController();
      const onSignal = (): void => interrupt.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const { runTestCall } = await import('../testCall/caller.js');
      let result;
      try {
        result = await runTestCall(options, {
          out: options.json ? stderr : stdout,
          logger,
          interrupt: interrupt.signal,
          product: `OpenUM/${packageVersion()} test-call`,
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (options.json) stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
      if (result.error) {
        // A bad option (a missing --play file, a --bind that cannot be bound) is input to fix, not a failed call.
        const prefix = result.error.code === 'TESTCALL_BAD_OPTION' ? '' : 'test call failed: ';
        stderr.write(`openum: ${prefix}${result.error.message}\n`);
        ctx.exitCode = exitCodeOf(result.error.code);
        return;
      }
      ctx.exitCode = exitCodes.ok;
    });
}

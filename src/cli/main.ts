/**
 * Entry point of the `openum` command (bin/openum.js imports the compiled file): runs the program
 * on process.argv and leaves its exit code.
 */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv);

/**
 * The OpenUM process bench:media drives: the real server with the call answering shape of a voice
 * mail deposit (answer, a 3 s synthesized prompt, the beep, record until the caller hangs up).
 * Logs 'recording saved' per call and the media clock's statistics every second
 * ('clock stats'), which the bench reads. Same command line as the CLI: `serve --config FILE`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exitOnSignal, serveArgs } from '../test/interop/fixtures/serveArgs.js';
import { startServer } from '../src/server.js';
import { createLogger } from '../src/util/logger.js';

const { config, configPath } = serveArgs('mediaServer');
const logger = createLogger({ level: 'info' });
const recordings = join(config.dataDir, 'recordings');
mkdirSync(recordings, { recursive: true });

const server = await startServer(config, {
  logger,
  configPath,
  application: async (call) => {
    await call.answer();
    await call.play([{ text: 'Please leave a message after the tone.' }], { bargeIn: false });
    const rec = await call.record({ dir: recordings, maxSeconds: 120, silenceSeconds: 0, beep: true });
    logger.info({ callId: call.id, durationMs: rec.durationMs, wallMs: rec.wallMs, voicedMs: rec.voicedMs, endedBy: rec.endedBy, stats: call.media?.stats() }, 'recording saved');
  },
});

const timer = setInterval(() => logger.info({ clock: server.mediaClock.stats(), streams: server.mediaClock.streams, calls: server.userAgent.activeCalls }, 'clock stats'), 1000);
exitOnSignal(async () => {
  clearInterval(timer);
  await server.close();
});

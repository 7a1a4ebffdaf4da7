/**
 * The speech engine in a worker thread. espeak-ng's WASM build synthesizes synchronously (0.2 to
 * 1 s for a sentence): on the main thread that would stall the media clock and every call's RTP
 * with it. The main thread posts { id, text, options } and gets { id, samples, sampleRate } back
 * (the sample buffer transferred, not copied) or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { synthesize, type SynthesizeOptions } from './tts.js';

interface Job {
  id: number;
  text: string;
  options: SynthesizeOptions;
}

parentPort?.on('message', (job: Job) => {
  synthesize(job.text, job.options).then(
    (audio) => parentPort?.postMessage({ id: job.id, samples: audio.samples, sampleRate: audio.sampleRate }, [audio.samples.buffer as ArrayBuffer]),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: { message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code ?? null } }),
  );
});

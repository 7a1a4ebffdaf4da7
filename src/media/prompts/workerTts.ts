/**
 * `synthesize` running in a worker thread (see ttsWorker.ts): same contract, but the event loop
 * that paces every call's RTP never waits for the speech engine. One worker per process, started
 * on first use and unref'd so it never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import { PROMPT_ERROR_CODES, PromptError, type PromptErrorCode } from './errors.js';
import type { SynthesizeFn, SynthesizedAudio } from './tts.js';

interface Reply {
  id: number;
  samples?: Int16Array;
  sampleRate?: number;
  error?: { message: string; code: string | null };
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (a: SynthesizedAudio) => void; reject: (e: Error) => void }>();

function start(): Worker {
  const w = new Worker(new URL('./ttsWorker.js', import.meta.url));
  w.unref();
  w.on('message', (reply: Reply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if (reply.error || !reply.samples || reply.sampleRate === undefined) {
      const code = (PROMPT_ERROR_CODES as readonly string[]).includes(reply.error?.code ?? '') ? (reply.error!.code as PromptErrorCode) : 'MEDIA_TTS_ENGINE_FAILED';
      job.reject(new PromptError(code, reply.error?.message ?? 'speech engine returned nothing'));
    } else {
      job.resolve({ samples: reply.samples, sampleRate: reply.sampleRate });
    }
  });
  const fail = (err: Error): void => {
    for (const job of pending.values()) job.reject(new PromptError('MEDIA_TTS_ENGINE_FAILED', `speech worker failed: ${err.message}`));
    pending.clear();
    worker = null;
  };
  w.on('error', fail);
  w.on('exit', (code) => {
    if (code !== 0) fail(new Error(`exited with code ${code}`));
    worker = null;
  });
  return w;
}

export const workerSynthesize: SynthesizeFn = (text, options = {}) =>
  new Promise<SynthesizedAudio>((resolve, reject) => {
    worker ??= start();
    const id = nextId++;
    // Keep the worker alive while a job is out (it is unref'd otherwise).
    worker.ref();
    const settle = (): void => {
      if (pending.size === 0) worker?.unref();
    };
    pending.set(id, {
      resolve: (a) => {
        resolve(a);
        settle();
      },
      reject: (e) => {
        reject(e);
        settle();
      },
    });
    worker.postMessage({ id, text, options });
  });

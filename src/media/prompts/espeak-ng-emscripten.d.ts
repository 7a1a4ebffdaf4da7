/**
 * The part of @echogarden/espeak-ng-emscripten that tts.ts uses (the package ships no types).
 * The module's default export is an Emscripten factory resolving to the module instance.
 */
declare module '@echogarden/espeak-ng-emscripten' {
  export interface ESpeakNGEvent {
    type: string;
    text_position: number;
    word_length: number;
    audio_position: number;
  }

  export interface ESpeakNGWorker {
    /** 0 on success (espeak_ERROR codes otherwise). */
    set_voice(name: string): number;
    /** Words per minute, 80-450. */
    set_rate(wordsPerMinute: number): void;
    get_samplerate(): number;
    /**
     * Synthesizes `text` synchronously, calling `onAudio` with each chunk of 16-bit samples (a copy
     * of the WASM heap). Returning true from the callback stops synthesis.
     */
    synthesize(text: string, onAudio: (samples: Int16Array, events: ESpeakNGEvent[]) => boolean): void;
  }

  export interface ESpeakNGModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
  }

  const init: (moduleArg?: Record<string, unknown>) => Promise<ESpeakNGModule>;
  export default init;
}

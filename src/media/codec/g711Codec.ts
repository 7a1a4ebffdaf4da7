/** AudioEncoder / AudioDecoder wrappers of the G.711 tables (stateless, so cheap to create). */
import type { AudioDecoder, AudioEncoder } from '../types.js';
import { decodeAlawInto, decodeUlawInto, encodeAlawInto, encodeUlawInto } from './g711.js';

export class PcmuEncoder implements AudioEncoder {
  readonly name = 'PCMU' as const;
  readonly sampleRate = 8000 as const;
  encode(pcm: Int16Array): Buffer {
    const out = Buffer.allocUnsafe(pcm.length);
    encodeUlawInto(pcm, out);
    return out;
  }
}

export class PcmaEncoder implements AudioEncoder {
  readonly name = 'PCMA' as const;
  readonly sampleRate = 8000 as const;
  encode(pcm: Int16Array): Buffer {
    const out = Buffer.allocUnsafe(pcm.length);
    encodeAlawInto(pcm, out);
    return out;
  }
}

export class PcmuDecoder implements AudioDecoder {
  readonly name = 'PCMU' as const;
  readonly sampleRate = 8000 as const;
  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length);
    decodeUlawInto(payload, out);
    return out;
  }
}

export class PcmaDecoder implements AudioDecoder {
  readonly name = 'PCMA' as const;
  readonly sampleRate = 8000 as const;
  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length);
    decodeAlawInto(payload, out);
    return out;
  }
}

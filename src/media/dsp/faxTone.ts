/**
 * Fax tone detector (ITU-T T.30 §5.2.3-5.2.4). A calling fax sends CNG, 1100 Hz ± 38 Hz for
 * 0.5 s every 3.5 s; an answering fax or modem sends CED, 2100 Hz ± 15 Hz for 2.6-4 s. Each is
 * reported once a burst has lasted `cngMinMs` / `cedMinMs`, and stays reported (latched).
 *
 * Analysis: 12.5 ms blocks (100 samples at 8 kHz, 200 at 16 kHz). CNG is probed with three
 * Goertzel filters across its tolerance (1062, 1100, 1138 Hz) so the whole band counts; a block
 * shows the tone when its power is ≥ minToneDbfs and ≥ minToneShare of the block's power. 1000
 * and 1200 Hz tones, DTMF pairs and speech fail the share test.
 */
import type { SampleRate } from '../types.js';
import { MediaDspError } from './errors.js';
import { GoertzelBank } from './goertzel.js';
import { dbfsToPower } from './level.js';
import { FAX_LIMITS } from './limits.js';

const MIN_POWER = dbfsToPower(FAX_LIMITS.minToneDbfs);
const PROBES_HZ = [
  FAX_LIMITS.cngHz - FAX_LIMITS.cngToleranceHz, FAX_LIMITS.cngHz, FAX_LIMITS.cngHz + FAX_LIMITS.cngToleranceHz, FAX_LIMITS.cedHz,
];

/** Counts the length of a burst of tone blocks, tolerating maxGapBlocks missing in a row. */
class BurstCounter {
  private run = 0;
  private gap = 0;
  latched = false;

  constructor(private readonly blocksNeeded: number) {}

  step(hit: boolean): void {
    if (hit) {
      this.run++;
      this.gap = 0;
      if (this.run >= this.blocksNeeded) this.latched = true;
    } else if (++this.gap > FAX_LIMITS.maxGapBlocks) {
      this.run = 0;
    }
  }
}

export class FaxToneDetector {
  readonly sampleRate: SampleRate;
  private readonly block: number;
  private readonly bank: GoertzelBank;
  private readonly buf: Float64Array;
  private fill = 0;
  private readonly cngBurst: BurstCounter;
  private readonly cedBurst: BurstCounter;

  constructor(sampleRate: SampleRate) {
    if (sampleRate !== 8000 && sampleRate !== 16000) {
      throw new MediaDspError('MEDIA_DSP_BAD_RATE', `fax tone detection runs at 8000 or 16000 Hz, not ${String(sampleRate)}`);
    }
    this.sampleRate = sampleRate;
    this.block = (FAX_LIMITS.blockAt8k * sampleRate) / 8000;
    this.bank = new GoertzelBank(PROBES_HZ, sampleRate);
    this.buf = new Float64Array(this.block);
    const blockMs = (this.block * 1000) / sampleRate;
    this.cngBurst = new BurstCounter(Math.ceil(FAX_LIMITS.cngMinMs / blockMs));
    this.cedBurst = new BurstCounter(Math.ceil(FAX_LIMITS.cedMinMs / blockMs));
  }

  /** A CNG burst (calling fax) has been heard. */
  get cng(): boolean {
    return this.cngBurst.latched;
  }

  /** A CED answer tone (answering fax/modem) has been heard. */
  get ced(): boolean {
    return this.cedBurst.latched;
  }

  /** Feeds one frame (any length); returns whether CNG has been heard so far. */
  process(frame: Int16Array): boolean {
    let i = 0;
    while (i < frame.length) {
      const n = Math.min(this.block - this.fill, frame.length - i);
      for (let k = 0; k < n; k++) this.buf[this.fill + k] = frame[i + k] as number;
      this.fill += n;
      i += n;
      if (this.fill === this.block) {
        this.analyse();
        this.fill = 0;
      }
    }
    return this.cngBurst.latched;
  }

  private analyse(): void {
    const p = this.bank.run(this.buf, 0, this.block);
    let energy = 0;
    for (let k = 0; k < this.block; k++) {
      const v = this.buf[k] as number;
      energy += v * v;
    }
    const share = (FAX_LIMITS.minToneShare * energy) / this.block;
    const cng = Math.max(p[0] as number, p[1] as number, p[2] as number);
    const ced = p[3] as number;
    this.cngBurst.step(cng >= MIN_POWER && cng >= share);
    this.cedBurst.step(ced >= MIN_POWER && ced >= share);
  }
}

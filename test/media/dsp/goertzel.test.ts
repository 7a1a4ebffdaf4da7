import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GoertzelBank, goertzelPower } from '../../../src/media/dsp/index.js';

function sine(hz: number, n: number, amp: number, rate = 8000): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate)));
}

describe('Goertzel filter bank', () => {
  it('measures a sine of peak A at its own frequency as mean power A²/2 (within 2 %), off-bin too', () => {
    for (const hz of [697, 941, 1209, 1633]) {
      const p = goertzelPower(sine(hz, 102, 10000), 0, 102, hz, 8000);
      assert.ok(Math.abs(p / 5e7 - 1) < 0.02, `${hz} Hz: ${p}`);
    }
  });

  it('sees an adjacent DTMF row tone (73 Hz away) at least 20 dB down over 102 samples', () => {
    const bank = new GoertzelBank([697, 770], 8000);
    const p = bank.run(sine(697, 102, 10000), 0, 102);
    assert.ok(10 * Math.log10((p[0] as number) / (p[1] as number)) > 20);
  });

  it('agrees with the single-frequency probe and honours start/length', () => {
    const x = sine(1000, 300, 5000);
    const bank = new GoertzelBank([1000, 2000], 8000);
    bank.run(x, 50, 200);
    assert.ok(Math.abs((bank.power[0] as number) - goertzelPower(x, 50, 200, 1000, 8000)) < 1e-6);
  });
});

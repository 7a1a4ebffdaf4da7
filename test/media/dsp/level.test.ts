import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dbfs, dbfsToPower, meanSquare, powerToDbfs, rms } from '../../../src/media/dsp/index.js';

describe('signal level', () => {
  it('measures a full-scale square wave as 0 dBFS and a full-scale sine as -3.01 dBFS', () => {
    const square = Int16Array.from({ length: 160 }, (_, i) => (i % 2 ? 32767 : -32768));
    assert.ok(Math.abs(dbfs(square)) < 0.001);
    const sine = Int16Array.from({ length: 160 }, (_, i) => Math.round(32767 * Math.sin((2 * Math.PI * i) / 16)));
    assert.ok(Math.abs(dbfs(sine) + 3.01) < 0.01);
  });

  it('gives digital silence and empty frames a finite floor (-120 dBFS), never -Infinity', () => {
    assert.equal(dbfs(new Int16Array(160)), -120);
    assert.equal(dbfs(new Int16Array(0)), -120);
    assert.equal(meanSquare(new Int16Array(0)), 0);
  });

  it('converts power and dBFS both ways and computes RMS', () => {
    assert.ok(Math.abs(powerToDbfs(dbfsToPower(-37.5)) + 37.5) < 1e-9);
    assert.equal(rms(Int16Array.from([3, -4, 3, -4])), Math.sqrt(12.5));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TICKS_PER_WAKE, MediaClock, mediaClock, type ClockLogger } from '../../../src/media/clock/index.js';
import { FakeTime } from './fakeTime.js';

/** A stream that records (tick, scheduledMs, now at call). */
function recorder(time: FakeTime): { ticks: [number, number, number][]; onTick(tick: number, scheduledMs: number): void } {
  const ticks: [number, number, number][] = [];
  return { ticks, onTick: (tick, scheduledMs) => void ticks.push([tick, scheduledMs, time.nowMs]) };
}

const silent: ClockLogger = { error: () => undefined };

function setup(options: { strategy?: 'timeout' | 'spin' } = {}): { time: FakeTime; clock: MediaClock } {
  const time = new FakeTime();
  const clock = new MediaClock({ now: time.now, timers: time.timers, logger: silent, ...options });
  return { time, clock };
}

describe('media clock: 20 ms ticks on the monotonic clock (ARCHITECTURE.md)', () => {
  it('runs tick n at start + n * 20 ms exactly', () => {
    const { time, clock } = setup();
    const s = recorder(time);
    clock.add(s);
    time.advance(100);
    assert.deepEqual(s.ticks.map(([t]) => t), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(s.ticks.map(([, at]) => at), [1000, 1020, 1040, 1060, 1080, 1100]);
    assert.deepEqual(s.ticks.map(([, , now]) => now), [1000, 1020, 1040, 1060, 1080, 1100]);
    assert.equal(clock.stats().lateTicks, 0);
  });

  it('does not drift when every timer fires 3 ms late: deadlines stay at multiples of 20', () => {
    const { time, clock } = setup();
    time.jitterMs = 3;
    const s = recorder(time);
    clock.add(s);
    time.advance(1000);
    const at = s.ticks.map(([, scheduled]) => scheduled);
    assert.equal(at.length, 50);
    at.forEach((v, i) => assert.equal(v, 1000 + i * 20));
    assert.ok(s.ticks.every(([, scheduled, now]) => now - scheduled <= 3));
    assert.equal(clock.stats().lateTicks, 50, 'every wake, the first included, is 3 ms (> 2 ms) late');
    assert.equal(clock.stats().maxLateMs, 3);
  });

  it('catches up after a 100 ms stall by running every missed tick, in order, in one batch', () => {
    const { time, clock } = setup();
    const s = recorder(time);
    clock.add(s);
    time.advance(20); // ticks 0, 1
    time.stall(105); // now 1125: ticks 2..6 (1040..1120) are overdue
    time.advance(0);
    assert.deepEqual(s.ticks.map(([t]) => t), [0, 1, 2, 3, 4, 5, 6]);
    assert.ok(s.ticks.slice(2).every(([, , now]) => now === 1125), 'the batch runs at once');
    assert.equal(clock.stats().skipped, 0);
    time.advance(15); // 1140: tick 7
    assert.equal(s.ticks.at(-1)?.[0], 7);
    assert.equal(s.ticks.at(-1)?.[2], 1140);
  });

  it('skips ahead after a stall longer than 1 s and counts the skipped ticks', () => {
    const { time, clock } = setup();
    const s = recorder(time);
    clock.add(s);
    time.advance(0); // tick 0 at 1000
    time.stall(3000); // now 4000: ticks 1..150 overdue
    time.advance(0);
    const after = s.ticks.slice(1).map(([t]) => t);
    assert.deepEqual(after, [150], 'only the current tick runs');
    assert.equal(clock.stats().skipped, 149);
    time.advance(20);
    assert.equal(s.ticks.at(-1)?.[0], 151);
  });

  it(`runs at most MAX_TICKS_PER_WAKE (${MAX_TICKS_PER_WAKE}) ticks back to back, then yields and goes on in the next wake`, () => {
    const { time, clock } = setup();
    // Ticks that take 30 ms each (an overloaded process): the clock falls further behind with
    // every tick it runs, so without a bound one wake would never end before skipping ahead.
    const wakes: number[][] = [];
    let inWake: number[] = [];
    clock.add({ onTick: (tick) => { inWake.push(tick); if (tick < 80) time.stall(30); } });
    for (let i = 0; i < 3; i++) {
      inWake = [];
      time.advance(0);
      wakes.push(inWake);
    }
    assert.equal(wakes[0]!.length, MAX_TICKS_PER_WAKE);
    assert.deepEqual(wakes[0], Array.from({ length: MAX_TICKS_PER_WAKE }, (_, i) => i));
    assert.equal(wakes[1]![0], MAX_TICKS_PER_WAKE, 'the next wake goes on where the burst stopped');
    assert.ok(wakes.every((w) => w.length <= MAX_TICKS_PER_WAKE));
    assert.equal(clock.stats().skipped, 0, 'nothing skipped while within MAX_CATCH_UP_MS');
  });

  it('calls a stream added during a tick from the next tick, and never calls one removed during a tick', () => {
    const { time, clock } = setup();
    const late = recorder(time);
    const victim = recorder(time);
    let removeVictim = (): void => undefined;
    clock.add({
      onTick: (tick) => {
        if (tick === 1) {
          clock.add(late);
          removeVictim();
        }
      },
    });
    removeVictim = clock.add(victim);
    time.advance(60);
    assert.deepEqual(victim.ticks.map(([t]) => t), [0], 'removed during tick 1 before its turn');
    assert.deepEqual(late.ticks.map(([t]) => t), [2, 3]);
    assert.equal(clock.streams, 2);
  });

  it('keeps ticking the others when a stream throws, and logs and counts it', () => {
    const time = new FakeTime();
    const logged: string[] = [];
    const clock = new MediaClock({ now: time.now, timers: time.timers, logger: { error: (_o, msg) => void logged.push(msg) } });
    const s = recorder(time);
    clock.add({ onTick: () => { throw new Error('boom'); } });
    clock.add(s);
    time.advance(40);
    assert.equal(s.ticks.length, 3);
    assert.equal(clock.stats().streamErrors, 3);
    assert.equal(logged.length, 3);
  });

  it('starts on the first add and stops (no timer left) when the last stream leaves', () => {
    const { time, clock } = setup();
    assert.equal(clock.running, false);
    assert.equal(time.pending, 0);
    const removeA = clock.add({ onTick: () => undefined });
    const removeB = clock.add({ onTick: () => undefined });
    assert.equal(clock.running, true);
    time.advance(50);
    removeA();
    removeA(); // idempotent
    assert.equal(clock.running, true);
    removeB();
    assert.equal(clock.running, false);
    assert.equal(time.pending, 0, 'no timer keeps the process alive');
    assert.equal(clock.streams, 0);
    const s = recorder(time);
    clock.add(s);
    time.advance(20);
    assert.deepEqual(s.ticks.map(([t, at]) => [t, at]), [[0, 1050], [1, 1070]], 'restart: tick 0 is due at once');
  });

  it('with the spin strategy wakes 1 ms early and polls until the deadline', () => {
    const { time, clock } = setup({ strategy: 'spin' });
    const s = recorder(time);
    clock.add(s);
    time.advance(60);
    assert.deepEqual(s.ticks.map(([, at, now]) => now - at), [0, 0, 0, 0]);
    assert.equal(clock.stats().lateTicks, 0);
  });

  it('exports one process-wide clock that is idle until a stream is added', () => {
    assert.ok(mediaClock instanceof MediaClock);
    assert.equal(mediaClock.running, false);
    assert.equal(mediaClock.frameMs, 20);
  });
});

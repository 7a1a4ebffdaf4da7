/**
 * Wall-clock time as the store writes it (createdAt, nextAttemptAt, pinSetAt): epoch milliseconds
 * in the database. Tests pass a clock they move by hand. Same shape as delivery's WallClock.
 */
export interface StoreClock {
  now(): Date;
}

export const systemStoreClock: StoreClock = { now: () => new Date() };

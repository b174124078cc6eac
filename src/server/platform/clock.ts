/** The server's notion of "now": real time, or real time shifted to start at TAXLINE_CLOCK. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that reads `start` at the moment it is made and runs on from there. */
export function shiftedClock(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** A clock that tests set by hand. */
export function fixedClock(initial: Date): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let current = new Date(initial);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

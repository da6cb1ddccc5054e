/** The clock is an adapter: the core takes dates as arguments and never reads the time itself. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed by `TRELLIS_NOW` (ISO date) when set, for reproducible runs and docs. */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fixed = env.TRELLIS_NOW;
  if (fixed) {
    const d = new Date(fixed);
    if (!Number.isNaN(d.getTime())) return { now: () => new Date(d) };
  }
  return systemClock;
}

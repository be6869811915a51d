import { WakeupTimer } from './wakeup-timer';

describe('WakeupTimer', () => {
  const clock = { now: () => Date.now() };

  it('wakes at the earliest time asked for', async () => {
    let woken = 0;
    const timer = new WakeupTimer(clock, () => woken++);
    timer.schedule(Date.now() + 60_000);
    timer.schedule(Date.now() + 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(woken).toBe(1);
    timer.cancel();
  });

  it('once stopped, a later schedule() sets no timer: a closed service cannot keep the process alive', async () => {
    let woken = 0;
    const timer = new WakeupTimer(clock, () => woken++);
    timer.schedule(Date.now() + 5);
    timer.stop();
    timer.schedule(Date.now() + 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(woken).toBe(0);
  });
});

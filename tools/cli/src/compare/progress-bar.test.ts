import { stderrProgress } from './progress-bar';
import { capture } from '../test-support/capture-io';

describe('stderrProgress off a terminal (jest pipes stderr)', () => {
  it('writes a line when a run starts and one per tenth done, never the same tenth twice', () => {
    const io = capture();
    const p = stderrProgress(io);
    p.start(20, 'infadapter/segment');
    for (let i = 0; i < 20; i++) p.tick();
    p.stop();
    const lines = io.stderr;
    expect(lines[0]).toBe('infadapter/segment: 0 % (0/20)');
    expect(lines.slice(1)).toEqual(Array.from({ length: 10 }, (_, k) => `infadapter/segment: ${10 * (k + 1)} % (${2 * (k + 1)}/20)`));
  });

  it('starts over for the next run, and a tick of several steps writes the tenth reached once', () => {
    const io = capture();
    const p = stderrProgress(io);
    p.start(4, 'a');
    p.tick(4);
    p.start(3, 'b');
    p.tick(2);
    expect(io.stderr).toEqual(['a: 0 % (0/4)', 'a: 100 % (4/4)', 'b: 0 % (0/3)', 'b: 66 % (2/3)']);
  });
});

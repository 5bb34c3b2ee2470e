import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('runs the work of one key one after another, in arrival order, and other keys meanwhile', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
      return 1;
    });
    const second = queue.run('a', async () => {
      log.push('a2');
      return 2;
    });
    const other = queue.run('b', async () => {
      log.push('b1');
      return 3;
    });
    await expect(other).resolves.toBe(3);
    expect(log).toEqual(['a1 start', 'b1']);
    release();
    await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('gives a failure to its own caller only: the next work runs, and the key is forgotten once its queue is empty', async () => {
    const queue = new OneAtATime();
    const failed = queue.run('a', () => Promise.reject(new Error('no')));
    const next = queue.run('a', () => Promise.resolve('yes'));
    await expect(failed).rejects.toThrow('no');
    await expect(next).resolves.toBe('yes');
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});

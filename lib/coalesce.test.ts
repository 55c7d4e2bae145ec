import { coalesce } from './coalesce';

describe('coalesce', () => {
  it('writes items that arrive together in one batch, and later ones in the next', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const write = coalesce<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
    });

    const first = [write(1), write(2), write(3)];
    await new Promise((r) => setImmediate(r));
    const second = [write(4), write(5)];
    release();
    await Promise.all([...first, ...second]);

    expect(batches).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    let calls = 0;
    const write = coalesce<string>(async () => {
      calls++;
      if (calls === 1) throw new Error('database blip');
    });
    const failed = Promise.allSettled([write('a'), write('b')]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(write('c')).resolves.toBeUndefined();
  });
});

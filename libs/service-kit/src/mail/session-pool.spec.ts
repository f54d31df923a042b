import { type PooledSession, SessionPool } from './session-pool';

class FakeSession implements PooledSession {
  usable = true;
  quits = 0;
  destroys = 0;
  constructor(readonly id: number) {}
  quit() {
    this.quits++;
    this.usable = false;
    return Promise.resolve();
  }
  destroy() {
    this.destroys++;
    this.usable = false;
  }
}

function pool(options: { size?: number; maxMessages?: number; idleMs?: number; failOpen?: boolean } = {}) {
  const opened: FakeSession[] = [];
  const p = new SessionPool<FakeSession>({
    size: options.size ?? 2,
    maxMessages: options.maxMessages ?? 100,
    idleMs: options.idleMs ?? 30_000,
    open: () => {
      if (options.failOpen) return Promise.reject(new Error('connection refused'));
      const session = new FakeSession(opened.length + 1);
      opened.push(session);
      return Promise.resolve(session);
    },
  });
  return { pool: p, opened };
}

/** Work that holds its session until released. */
function held() {
  let release!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  let session: FakeSession | undefined;
  return {
    work: (s: FakeSession) => {
      session = s;
      return done.then(() => s.id);
    },
    release,
    fail,
    get session() {
      return session;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SessionPool', () => {
  it('reuses one session for sends one after another', async () => {
    const { pool: p, opened } = pool();
    for (let i = 0; i < 5; i++) await expect(p.use(async (s) => s.id)).resolves.toBe(1);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.quits + opened[0]!.destroys).toBe(0);
  });

  it('opens at most `size` sessions; a send beyond them waits for one to be free', async () => {
    const { pool: p, opened } = pool({ size: 2 });
    const [a, b, c] = [held(), held(), held()];
    const runs = [p.use(a.work), p.use(b.work), p.use(c.work)];
    await tick();
    expect(opened).toHaveLength(2);
    expect(c.session).toBeUndefined();
    b.release();
    await tick();
    expect(c.session).toBe(b.session);
    a.release();
    c.release();
    await expect(Promise.all(runs)).resolves.toEqual([1, 2, 2]);
    expect(opened).toHaveLength(2);
  });

  it('a failed send destroys its session, never reused; the next send opens a fresh one', async () => {
    const { pool: p, opened } = pool();
    await expect(p.use(() => Promise.reject(new Error('dropped')))).rejects.toThrow('dropped');
    expect(opened[0]!.destroys).toBe(1);
    await expect(p.use(async (s) => s.id)).resolves.toBe(2);
    expect(p.size).toBe(1);
  });

  it('a failed send frees its slot for a waiting one, which opens a fresh session', async () => {
    const { pool: p, opened } = pool({ size: 1 });
    const [a, b] = [held(), held()];
    const first = p.use(a.work);
    const second = p.use(b.work);
    await tick();
    a.fail(new Error('timed out'));
    await expect(first).rejects.toThrow('timed out');
    await tick();
    expect(b.session?.id).toBe(2);
    b.release();
    await expect(second).resolves.toBe(2);
    expect(opened[0]!.destroys).toBe(1);
  });

  it('ends a session politely after `maxMessages` sends and opens a fresh one', async () => {
    const { pool: p, opened } = pool({ maxMessages: 3 });
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await p.use(async (s) => s.id));
    expect(ids).toEqual([1, 1, 1, 2, 2, 2, 3]);
    expect(opened.map((s) => [s.quits, s.destroys])).toEqual([
      [1, 0],
      [1, 0],
      [0, 0],
    ]);
  });

  it('never hands out a session that ended while idle (the server closed it)', async () => {
    const { pool: p, opened } = pool();
    await p.use(async () => undefined);
    opened[0]!.usable = false;
    await expect(p.use(async (s) => s.id)).resolves.toBe(2);
    expect(p.size).toBe(1);
  });

  it('ends a session idle for `idleMs`', async () => {
    jest.useFakeTimers();
    try {
      const { pool: p, opened } = pool({ idleMs: 1000 });
      await p.use(async () => undefined);
      jest.advanceTimersByTime(999);
      expect(opened[0]!.quits).toBe(0);
      jest.advanceTimersByTime(1);
      expect(opened[0]!.quits).toBe(1);
      expect(p.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('a send aborted while waiting for a session rejects and takes no session', async () => {
    const { pool: p, opened } = pool({ size: 1 });
    const a = held();
    const first = p.use(a.work);
    const controller = new AbortController();
    let ran = false;
    const waiting = p.use(async () => (ran = true), controller.signal);
    await tick();
    controller.abort(new Error('send timed out'));
    await expect(waiting).rejects.toThrow('send timed out');
    a.release();
    await first;
    await tick();
    expect(ran).toBe(false);
    expect(opened).toHaveLength(1);
    await expect(p.use(async (s) => s.id)).resolves.toBe(1);
  });

  it('a session that cannot be opened fails that send and frees its slot', async () => {
    const { pool: p } = pool({ size: 1, failOpen: true });
    await expect(p.use(async () => undefined)).rejects.toThrow('connection refused');
    await expect(p.use(async () => undefined)).rejects.toThrow('connection refused');
    expect(p.size).toBe(0);
  });

  it('close ends idle sessions now, a busy one when its send is done, and resolves when none is left', async () => {
    const { pool: p, opened } = pool();
    const a = held();
    const busy = p.use(a.work);
    await tick();
    await p.use(async () => undefined); // a second session, now idle
    let closed = false;
    const closing = p.close().then(() => (closed = true));
    await tick();
    expect(opened.map((s) => s.quits)).toEqual([0, 1]);
    expect(closed).toBe(false);
    a.release();
    await expect(busy).resolves.toBe(1);
    await closing;
    expect(opened.map((s) => s.quits)).toEqual([1, 1]);
    // A send after closing still goes out, on a session of its own.
    await expect(p.use(async (s) => s.id)).resolves.toBe(3);
    expect(opened[2]!.quits).toBe(1);
  });
});

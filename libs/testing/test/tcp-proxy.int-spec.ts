import { connect, createServer, type Server, type Socket } from 'node:net';
import { tcpProxy, type TcpProxy } from '../src';

/** The proxy in front of a loopback server that records what arrives and when, and answers `ok;`. */
describe('tcpProxy', () => {
  let server: Server;
  let proxy: TcpProxy;
  const arrived: { text: string; at: number }[] = [];

  beforeAll(async () => {
    server = createServer((s) =>
      s.on('data', (d) => {
        arrived.push({ text: d.toString(), at: Date.now() });
        s.write('ok;');
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    proxy = await tcpProxy((server.address() as { port: number }).port);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    arrived.length = 0;
    proxy.delay(0);
    proxy.slowReplies(0);
  });

  const client = async () => {
    const socket = connect(proxy.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    return socket;
  };
  const send = (socket: Socket, text: string) => new Promise((r) => socket.write(text, r));
  /** What arrived, once it is `length` characters long (the server may read two chunks as one). */
  const received = async (length: number) => {
    const text = () => arrived.map((a) => a.text).join('');
    const deadline = Date.now() + 5000;
    while (text().length < length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return text();
  };

  it('delays what the app sends, keeping its order', async () => {
    proxy.delay(400);
    const socket = await client();
    const sent = Date.now();
    await send(socket, 'one;');
    await new Promise((r) => setTimeout(r, 50));
    proxy.delay(0); // a later chunk never overtakes an earlier one
    await send(socket, 'two;');
    expect(await received(8)).toBe('one;two;');
    expect(arrived[0]!.at - sent).toBeGreaterThanOrEqual(390);
    socket.destroy();
  });

  it('delays what the server answers, while the request reaches it at once', async () => {
    proxy.slowReplies(400);
    const socket = await client();
    const answered = new Promise<number>((r) => socket.once('data', () => r(Date.now())));
    const sent = Date.now();
    await send(socket, 'ping;');
    expect(await received(5)).toBe('ping;');
    expect(arrived[0]!.at - sent).toBeLessThan(300);
    expect((await answered) - sent).toBeGreaterThanOrEqual(390);
    socket.destroy();
  });

  it('drops what a closed connection still held', async () => {
    proxy.delay(300);
    const socket = await client();
    await send(socket, 'never;');
    socket.destroy();
    await new Promise((r) => setTimeout(r, 600));
    expect(arrived).toEqual([]);
  });
});

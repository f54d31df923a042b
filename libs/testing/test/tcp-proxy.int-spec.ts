import { connect, createServer, type Server, type Socket } from 'node:net';
import { tcpProxy, type TcpProxy } from '../src';

/** The proxy in front of a loopback server that records what arrives and when. */
describe('tcpProxy', () => {
  let server: Server;
  let proxy: TcpProxy;
  const arrived: { text: string; at: number }[] = [];

  beforeAll(async () => {
    server = createServer((s) => s.on('data', (d) => arrived.push({ text: d.toString(), at: Date.now() })));
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

  it('delays only the chunks `when` matches', async () => {
    proxy.delay(400, (chunk) => chunk.toString().endsWith('\r\n.\r\n'));
    const socket = await client();
    const sent = Date.now();
    await send(socket, 'MAIL FROM:<a@b.c>\r\n');
    expect(await received(19)).toBe('MAIL FROM:<a@b.c>\r\n');
    expect(arrived[0]!.at - sent).toBeLessThan(300);
    await send(socket, 'body\r\n.\r\n');
    expect(await received(28)).toContain('body');
    expect(arrived.at(-1)!.at - sent).toBeGreaterThanOrEqual(390);
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

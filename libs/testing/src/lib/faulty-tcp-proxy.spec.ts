// The proxy against a local echo server: what it forwards, in what order, and how it fails.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { FaultyTcpProxy } from './faulty-tcp-proxy';

describe('FaultyTcpProxy', () => {
  let echo: Server;
  let proxy: FaultyTcpProxy;
  const clients: Socket[] = [];

  beforeEach(async () => {
    // The reset reaches the echo side too (ECONNRESET): expected, not a test error.
    echo = createServer((socket) => socket.on('error', () => undefined).pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const port = (echo.address() as { port: number }).port;
    proxy = await FaultyTcpProxy.start(0, { host: '127.0.0.1', port });
  });

  afterEach(async () => {
    clients.forEach((c) => c.destroy());
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  });

  async function open(): Promise<{ socket: Socket; received: () => string }> {
    const socket = connect(proxy.port, '127.0.0.1');
    clients.push(socket);
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    return { socket, received: () => text };
  }
  /** Waits for `check`, at most 3 s (then the expectation after it fails with what arrived). */
  const until = async (check: () => boolean) => {
    for (const deadline = Date.now() + 3_000; !check() && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('forwards both ways, in order, while the latency changes', async () => {
    const { socket, received } = await open();
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) {
      proxy.setLatency([0, 40, 5][i % 3]);
      sent.push(`<${i}>`);
      socket.write(`<${i}>`);
    }
    await until(() => received().length === sent.join('').length);
    expect(received()).toBe(sent.join(''));
  });

  it('never lets a chunk overtake an earlier one when the latency drops', async () => {
    const { socket, received } = await open();
    const sent: string[] = [];
    for (let i = 0; i < 300; i++) {
      proxy.setLatency(i % 2 === 0 ? 2 : 0);
      sent.push(`<${i}>`);
      socket.write(`<${i}>`);
      await new Promise((resolve) => setTimeout(resolve, i % 3));
    }
    await until(() => received().length === sent.join('').length);
    expect(received()).toBe(sent.join(''));
  });

  it('holds the data of a stall and delivers it after', async () => {
    const { socket, received } = await open();
    proxy.stall(300);
    socket.write('held');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received()).toBe('');
    await until(() => received() === 'held');
    expect(proxy.stats.stalls).toBe(1);
  });

  it('cuts every connection with a reset, and accepts new ones after', async () => {
    const { socket } = await open();
    const error = new Promise<NodeJS.ErrnoException>((resolve) => socket.once('error', resolve));
    await until(() => proxy.stats.connections === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(proxy.resetAll()).toBe(1);
    expect((await error).code).toBe('ECONNRESET');
    const next = await open();
    next.socket.write('again');
    await until(() => next.received() === 'again');
  });
});

import { connect, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

/**
 * A TCP proxy between services and a server (Kafka, FerretDB) that injects the faults of a slow or
 * lossy network: latency on every chunk each way (order kept), stalls (nothing read for a while,
 * connections kept open: TCP backpressure holds the data) and resets (every connection cut with an
 * RST, as a dropped NAT entry or a restarted load balancer does).
 */
export class FaultyTcpProxy {
  private latencyMs = 0;
  private stalledUntil = 0;
  private readonly pairs = new Set<Pair>();
  /** Client sockets of the connections that forward nothing until heal() (blackholeOpen). */
  private readonly dead = new Set<Socket>();
  readonly stats = { connections: 0, resets: 0, stalls: 0 };

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on `listenPort` (0: any free port) and forwards to `target`. */
  static async start(listenPort: number, target: { host: string; port: number }): Promise<FaultyTcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const proxy = new FaultyTcpProxy(server, typeof address === 'object' && address ? address.port : listenPort);
    server.on('connection', (client) => proxy.accept(client, target));
    return proxy;
  }

  /** `127.0.0.1:<port>`: what the services are given instead of the server's address. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Delay added to every chunk from now on, in each direction. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Stops reading from every connection (and new ones) for `ms`; they resume where they were. */
  stall(ms: number): void {
    this.stats.stalls++;
    this.stalledUntil = Math.max(this.stalledUntil, Date.now() + ms);
    for (const { client, upstream } of this.pairs) this.hold(client, upstream);
  }

  /**
   * Every open connection stops forwarding, silently (no RST, no FIN), until heal(); new connections
   * work: a path that died under open connections (a dropped NAT entry, a failed middlebox).
   * Returns how many.
   */
  blackholeOpen(): number {
    for (const pair of this.pairs) {
      this.dead.add(pair.client);
      pair.client.pause();
      pair.upstream.pause();
    }
    return this.pairs.size;
  }

  /** Cuts every open connection with an RST; returns how many. */
  resetAll(): number {
    const cut = this.pairs.size;
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.resetAndDestroy();
    }
    this.pairs.clear();
    this.stats.resets += cut;
    return cut;
  }

  /** Back to a clean network: no latency, no stall. */
  heal(): void {
    this.latencyMs = 0;
    this.stalledUntil = 0;
    this.dead.clear();
    for (const pair of this.pairs) resume(pair);
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    this.stats.connections++;
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      this.dead.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    this.forward(client, upstream);
    this.forward(upstream, client);
    if (Date.now() < this.stalledUntil) this.hold(client, upstream);
  }

  /**
   * Copies `from` → `to` with the current latency. One queue per direction, drained in order by one
   * timer: a chunk never overtakes an earlier one (TCP never reorders bytes; a proxy that did would
   * corrupt the stream, not simulate a network).
   */
  private forward(from: Socket, to: Socket): void {
    const queue: { at: number; chunk: Buffer }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const drain = () => {
      timer = undefined;
      while (queue.length > 0 && queue[0].at <= Date.now()) {
        const { chunk } = queue.shift() as { chunk: Buffer };
        if (!to.destroyed) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(drain, queue[0].at - Date.now());
    };
    from.on('data', (chunk: Buffer) => {
      queue.push({ at: Math.max(Date.now() + this.latencyMs, queue.at(-1)?.at ?? 0), chunk });
      if (timer === undefined) drain();
    });
  }

  private hold(client: Socket, upstream: Socket): void {
    client.pause();
    upstream.pause();
    // Checked again when the timer fires: a timer may fire a millisecond before Date.now() says the
    // stall is over, and a later stall may have extended it.
    const wake = () => {
      const left = this.stalledUntil - Date.now();
      if (left > 0) setTimeout(wake, left);
      else if (!this.dead.has(client)) resume({ client, upstream });
    };
    setTimeout(wake, Math.max(0, this.stalledUntil - Date.now()));
  }
}

function resume({ client, upstream }: Pair): void {
  client.resume();
  upstream.resume();
}

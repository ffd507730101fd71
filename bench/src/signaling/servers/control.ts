/** What both benchmark servers share: listen on 127.0.0.1, report the port, answer memory probes. */

export interface Listening {
  listen(port: number, host?: string): Promise<{ port: number }>;
  close(): Promise<void>;
}

export interface MemoryReport {
  type: 'memory';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export async function serveBench(server: Listening): Promise<void> {
  const { port } = await server.listen(0, '127.0.0.1');
  process.send?.({ type: 'listening', port });
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'memory') return;
    // Started with --expose-gc: collect first, so garbage does not count as per-participant memory.
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    const report: MemoryReport = {
      type: 'memory',
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
    };
    process.send?.(report);
  });
  const stop = () => {
    server.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

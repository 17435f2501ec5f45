import { createServer } from 'node:net';

/** Ports handed out by this process: the OS may give a just-released port again, so two asks in a row can collide. */
const given = new Set<number>();

/** A TCP port on 127.0.0.1 that nothing listens on now and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(p));
      });
    });
    if (port > 0 && !given.has(port)) {
      given.add(port);
      return port;
    }
  }
}

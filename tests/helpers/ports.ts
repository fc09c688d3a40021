// A free TCP port on loopback, for the servers tests start as separate processes (PostgreSQL, Redis).
// The port can be taken again between this answer and the server's bind; callers retry on failure.
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

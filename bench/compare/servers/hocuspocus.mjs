// Reference 2: @hocuspocus/server with its defaults (in memory, no extensions, its own update
// batching: flushDelay 0 = merge what arrives in one event-loop turn). Prints its port.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT ?? 0), address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
console.log(`listening ${server.address.port}`);

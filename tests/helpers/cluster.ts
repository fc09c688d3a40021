// Several Penholder instances as separate processes on one PostgreSQL database and one Redis
// (tests/helpers/postgres.ts, tests/helpers/redis.ts), as they run behind a load balancer. The first
// instance creates the demo negotiation and prints its links; the others start on the same database
// with those seats' secrets. `skip` says why when PostgreSQL or Redis is not available here.
import { startPostgres, type StartedPostgres } from './postgres.ts';
import { startRedis, type RedisServer } from './redis.ts';
import { startServerProcess, type ServerProcess } from './server.ts';

export interface Cluster {
  instances: ServerProcess[];
  databaseUrl: string;
  redisUrl: string;
  redis: RedisServer;
  /** Starts one more instance on the same database and Redis. */
  add(env?: Record<string, string>): Promise<ServerProcess>;
  stop(): Promise<void>;
}

export async function startCluster(size: number, env: Record<string, string> = {}): Promise<Cluster | { skip: string }> {
  const pg = await startPostgres();
  if ('skip' in pg) return pg;
  const redis = await startRedis();
  if ('skip' in redis) {
    await pg.stop();
    return redis;
  }
  const postgres: StartedPostgres = pg;
  const instances: ServerProcess[] = [];
  const common = { PENHOLDER_DATABASE_URL: postgres.url, PENHOLDER_REDIS_URL: redis.url, PENHOLDER_QUIET: '1', ...env };
  let started = 0;
  const add = async (extra: Record<string, string> = {}) => {
    const first = instances[0];
    const instance = await startServerProcess({
      env: { ...common, PENHOLDER_INSTANCE_ID: `instance-${++started}`, ...extra },
      tokens: first?.tokens,
    });
    instances.push(instance);
    return instance;
  };
  try {
    // the first one alone: it creates the demo negotiation (the others find it in the database)
    await add();
    await Promise.all(Array.from({ length: size - 1 }, () => add()));
  } catch (err) {
    await Promise.all(instances.map((i) => i.stop('SIGKILL')));
    await redis.stop();
    await postgres.stop();
    throw err;
  }
  return {
    instances,
    databaseUrl: postgres.url,
    redisUrl: redis.url,
    redis,
    add,
    async stop() {
      await Promise.all(instances.map((i) => i.stop('SIGKILL')));
      await redis.stop();
      await postgres.stop();
    },
  };
}

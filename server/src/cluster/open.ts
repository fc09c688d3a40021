// Whether this instance is linked to others: through Redis when PENHOLDER_REDIS_URL is set, alone
// otherwise (no bus; rooms then relay only to their own connections). ioredis is loaded only when asked for.
import os from 'node:os';
import type { ServerConfig } from '../config.ts';
import { log } from '../log.ts';
import type { InstanceBus } from './bus.ts';

export async function openBus(config: Pick<ServerConfig, 'redisUrl' | 'instanceId'>): Promise<InstanceBus | null> {
  if (!config.redisUrl) return null;
  if (!/^rediss?:\/\//.test(config.redisUrl)) throw new Error('PENHOLDER_REDIS_URL must be a redis:// or rediss:// URL');
  const { RedisBus } = await import('./redisBus.ts');
  return RedisBus.connect(config.redisUrl, { instanceId: config.instanceId ?? `${os.hostname()}-${process.pid}`, log });
}

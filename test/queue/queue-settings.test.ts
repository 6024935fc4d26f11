import { expect, test } from '@jest/globals';
import { queueSettings } from '../../src/queue/queue-settings.js';

/** The operator's contract: REDIS_URL, DBARCH_ROLE, DBARCH_QUEUE_PREFIX and the tuning knobs, with clear errors. */
test('defaults: one process (all), prefix dbarch, in-process without REDIS_URL', () => {
  expect(queueSettings({})).toMatchObject({ role: 'all', prefix: 'dbarch', concurrency: 4, attempts: 4 });
  expect(queueSettings({}).redisUrl).toBeUndefined();
  expect(queueSettings({}).baseCacheMb).toBe(512);
  expect(queueSettings({ DBARCH_BASE_CACHE_REDIS_MB: '0' }).baseCacheMb).toBe(0);
  expect(queueSettings({ REDIS_URL: 'redis://127.0.0.1:6379', DBARCH_ROLE: 'worker', DBARCH_QUEUE_PREFIX: 'staging' })).toMatchObject({
    redisUrl: 'redis://127.0.0.1:6379',
    role: 'worker',
    prefix: 'staging',
  });
});

test('bad values are refused with what is allowed', () => {
  expect(() => queueSettings({ DBARCH_ROLE: 'both' })).toThrow('DBARCH_ROLE must be web, worker or all (got "both")');
  expect(() => queueSettings({ DBARCH_ROLE: 'worker' })).toThrow('DBARCH_ROLE=worker needs REDIS_URL');
  expect(() => queueSettings({ DBARCH_CONCURRENCY: '0' })).toThrow('DBARCH_CONCURRENCY must be a positive integer (got "0")');
  expect(() => queueSettings({ DBARCH_BASE_CACHE_REDIS_MB: '-1' })).toThrow('DBARCH_BASE_CACHE_REDIS_MB must be a whole number (got "-1")');
  expect(() => queueSettings({ DBARCH_SHUTDOWN_MS: 'soon' })).toThrow('DBARCH_SHUTDOWN_MS must be a positive integer (got "soon")');
});

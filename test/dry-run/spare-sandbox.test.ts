import { describe, expect, it } from '@jest/globals';
import { SpareSandbox, type StartedSandbox } from '../../src/dry-run/sandbox/spare-sandbox.js';

/** A stand-in for PgliteSandbox that records what the spare did with it. */
class FakeSandbox implements StartedSandbox {
  alive = true;
  idle: boolean[] = [];
  closed = false;

  setIdle(idle: boolean): void {
    this.idle.push(idle);
  }

  close(): Promise<void> {
    this.closed = true;
    this.alive = false;
    return Promise.resolve();
  }
}

describe('SpareSandbox', () => {
  it('hands the spare for its key to one taker, awake, and keeps none after', async () => {
    const spares = new SpareSandbox<FakeSandbox>();
    const sandbox = new FakeSandbox();
    spares.prepare('base-a', () => Promise.resolve(sandbox));
    expect(await spares.take('base-b')).toBeUndefined();
    expect(await spares.take('base-a')).toBe(sandbox);
    expect(sandbox.idle).toEqual([true, false]);
    expect(await spares.take('base-a')).toBeUndefined();
  });

  it('starts one spare per key, and closes the spare of another base when a new one is prepared', async () => {
    const spares = new SpareSandbox<FakeSandbox>();
    const [first, second] = [new FakeSandbox(), new FakeSandbox()];
    let starts = 0;
    spares.prepare('base-a', () => (starts++, Promise.resolve(first)));
    spares.prepare('base-a', () => (starts++, Promise.resolve(new FakeSandbox())));
    expect(starts).toBe(1);
    spares.prepare('base-b', () => Promise.resolve(second));
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.closed).toBe(true);
    expect(await spares.take('base-b')).toBe(second);
  });

  it('gives nothing for a spare that failed to start or has died, so the run starts its own', async () => {
    const spares = new SpareSandbox<FakeSandbox>();
    spares.prepare('base-a', () => Promise.reject(new Error('no memory')));
    expect(await spares.take('base-a')).toBeUndefined();
    const dead = new FakeSandbox();
    spares.prepare('base-a', () => Promise.resolve(dead));
    dead.alive = false;
    expect(await spares.take('base-a')).toBeUndefined();
  });

  it('closes a spare left unused past the idle time', async () => {
    const spares = new SpareSandbox<FakeSandbox>(10);
    const sandbox = new FakeSandbox();
    spares.prepare('base-a', () => Promise.resolve(sandbox));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sandbox.closed).toBe(true);
    expect(await spares.take('base-a')).toBeUndefined();
  });
});

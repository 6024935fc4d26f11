import { describe, expect, it } from '@jest/globals';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { collectionPacer } from '../../src/runtime/memory-tuning.js';

describe('collectionPacer', () => {
  it('runs a full garbage collection once the counted work passes the threshold', async () => {
    const pace = collectionPacer(1000);
    // A WeakRef keeps its target until the current job ends: create it, then collect in a later turn.
    // Made in a function of its own, so no variable of this test holds it.
    const ref = (() => new WeakRef({ payload: Array.from({ length: 10_000 }, (_, index) => index) }))();
    await nextTurn();
    pace(400);
    pace(700);
    await nextTurn();
    expect(ref.deref()).toBeUndefined();
  });
});

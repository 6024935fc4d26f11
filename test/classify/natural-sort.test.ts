import { describe, expect, it } from '@jest/globals';
import { naturalSort } from '../../src/classify/natural-sort.js';

describe('naturalSort', () => {
  it('orders digit runs as numbers', () => {
    expect(naturalSort(['V10__c.sql', 'V2__b.sql', 'V1__a.sql'])).toEqual(['V1__a.sql', 'V2__b.sql', 'V10__c.sql']);
  });

  it('orders timestamps longer than a safe integer', () => {
    expect(naturalSort(['99999999999999999999_b.sql', '100000000000000000000_a.sql'])).toEqual([
      '99999999999999999999_b.sql',
      '100000000000000000000_a.sql',
    ]);
  });

  it('puts a shorter prefix first and does not depend on the locale', () => {
    expect(naturalSort(['a_b', 'a', 'a-b', 'B'])).toEqual(['B', 'a', 'a-b', 'a_b']);
  });

  it('treats leading zeros as the same number, then orders by the text', () => {
    expect(naturalSort(['002.sql', '1.sql', '01.sql'])).toEqual(['01.sql', '1.sql', '002.sql']);
  });
});

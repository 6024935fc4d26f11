import { describe, expect, it } from '@jest/globals';
import { ConfigError, defaultConfig, parseConfig } from '../../src/config/load-config.js';

describe('config', () => {
  it('has defaults for every key', () => {
    expect(defaultConfig()).toMatchObject({
      pgVersion: 16,
      failOn: 'downtime',
      rules: {},
      migrations: { tool: 'auto', transaction: 'auto' },
    });
    expect(parseConfig('')).toEqual(defaultConfig());
  });

  it('accepts rule settings as a severity, off, or an object', () => {
    const config = parseConfig('rules:\n  drop-table: off\n  truncate: notice\n  set-not-null: { severity: error, risk: downtime }\n');
    expect(config.rules).toEqual({ 'drop-table': 'off', truncate: 'notice', 'set-not-null': { severity: 'error', risk: 'downtime' } });
  });

  it.each([
    ['pgVersion: "sixteen"\n', /"pgVersion": .*expected number/i],
    ['failOn: sometimes\n', /"failOn"/],
    ['rule:\n  a: off\n', /unknown key "rule"/],
    ['migrations:\n  transacton: never\n', /unknown key "migrations.transacton"/],
    ['rules:\n  drop-table: loud\n', /"rules.drop-table": expected off, notice, warning, error, or \{ severity/],
    ['failOn: sometimes\n', /"failOn": expected one of destructive, downtime, warning, never/],
    ['pgVersion: [16\n', /invalid YAML/],
  ])('rejects %j with an error naming the key', (text, message) => {
    expect(() => parseConfig(text, '.github/dbarch.yml')).toThrow(ConfigError);
    expect(() => parseConfig(text, '.github/dbarch.yml')).toThrow(message);
  });
});

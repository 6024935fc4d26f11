import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import { describeDryRunAssertions } from './dry-run-assertions.js';

/** The embedded dry run against the real PGlite: observed lock modes, rewrites, failures, limits. */
describeDryRunAssertions((options) => createEmbeddedDryRunner(options), { engine: /^PGlite .* \(PostgreSQL 1\d/ });

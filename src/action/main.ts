import { processIo } from '../cli/cli-io.js';
import { loadEngine } from '../cli/engine-port.js';
import { runAction } from './run-action.js';

/** The Action's entrypoint (action.yml runs `node dist/action/main.js`). */
process.exitCode = await runAction({ env: process.env, io: processIo(), loadEngine });

// Bundles the compiled CLI (dist/cli/main.js and what it imports) into a few files under
// dist/cli-bundle/, which bin/dbarch.js runs. Why: a cold `dbarch review` of one migration spent
// about half its time resolving, reading and compiling ~560 module files (390 of dist, 100 of zod,
// 70 of yaml), not reviewing; a bundle is one read and one compile per chunk. Runs after tsc in
// `npm run build`; the unbundled dist/ stays what the App, the workers and the tests load.
//
// - Code splitting keeps every dynamic import() a chunk of its own, loaded only when reached: the
//   engine after argument parsing, the LLM client only with an LLM, and so on.
// - Only the pure-JavaScript packages the CLI always loads are bundled. Every other package stays a
//   plain import from node_modules: the WebAssembly ones (libpg-query, PGlite, web-tree-sitter and
//   its grammar) find their .wasm files next to their own modules, and the rest load lazily anyway.
// - `import.meta.url` in a bundled dist file is rewritten to that file's own URL, so the paths it
//   computes (prompts/, the blank cluster, rule docs, the PGlite worker's entry) stay the same.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli-bundle');
const BUNDLED_PACKAGES = new Set(['zod', 'yaml', 'commander', 'picomatch', 'picocolors']);

/** The package name of a bare import specifier (`@scope/name/sub` → `@scope/name`), or undefined for a path or `node:` import. */
function packageName(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const keepOtherPackagesExternal = {
  name: 'keep-other-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageName(args.path);
      if (name === undefined || BUNDLED_PACKAGES.has(name)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const fromChunk = relative(outdir, args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [keepOtherPackagesExternal, ownImportMetaUrl],
  // yaml is CommonJS and calls require(): an ES module bundle has no require of its own.
  banner: {
    js: "import { createRequire as dbarchCreateRequire } from 'node:module'; const require = dbarchCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`bundled the CLI into ${relative(root, outdir)}`);

// npm run build: the server compiled to JavaScript in dist/server (src/ and cypher/ keep their
// layout there), the browser pages in dist/web (as before), and at the top of dist/ the entry
// points a production install runs with plain node: dist/main.js, dist/seed.js, dist/export.js.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const started = Date.now();
rmSync(path.join(root, 'dist', 'server'), { recursive: true, force: true });
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
run(process.execPath, ['--import', 'tsx', 'src/web/build-cli.ts', '--if-stale']);
const entries = { 'main.js': 'main.js', 'seed.js': 'seeds/cli.js', 'export.js': 'seeds/export-cli.js' };
for (const [file, target] of Object.entries(entries)) {
  writeFileSync(path.join(root, 'dist', file), `// made by npm run build\nimport './server/src/${target}';\n`);
}
console.log(`built dist/server (the server in JavaScript), dist/web and dist/${Object.keys(entries).join(', dist/')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

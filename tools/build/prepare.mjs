// npm's prepare (after npm ci): build the browser pages if stale. A production install
// (npm ci --omit=dev) has no tsx or esbuild: it serves dist/web as npm run build left it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(path.join(root, 'node_modules', 'tsx')) || !existsSync(path.join(root, 'node_modules', 'esbuild'))) {
  console.log('prepare: no dev dependencies (a production install): the pages are served from dist/web as npm run build made them');
  process.exit(0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/web/build-cli.ts', '--if-stale'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

/**
 * npm run build:web: bundle the explorer and the map into dist/web. `--if-stale` (the `prepare`
 * script that npm ci runs) skips the build when dist/web is already up to date.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { buildInfo, buildWeb, isWebBuildFresh, summarise, WEB_OUT_DIR } from './build.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  if (process.argv.includes('--if-stale') && isWebBuildFresh()) {
    log(`the explorer and the map in ${path.relative(PROJECT_ROOT, WEB_OUT_DIR)} are up to date (${summarise(buildInfo()!)})`);
    return;
  }
  await buildWeb({ log });
}

main().catch((err) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

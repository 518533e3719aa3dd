/**
 * The browser pages' build: web/ (the explorer and the map) bundled by esbuild into dist/web/,
 * everything they need included (GraphiQL, React, cytoscape, fonts as data URIs), so that the
 * pages load nothing from outside.
 *
 * dist/web/build.json records a hash of the inputs (the files under web/, this file, and the
 * versions of the bundled packages). `npm ci` builds through the `prepare` script; the server
 * calls ensureWebBuild() at start and rebuilds when the output is missing or its hash is stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';

export const WEB_SOURCE_DIR = path.join(PROJECT_ROOT, 'web');
export const WEB_OUT_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

/** The pages: each an HTML template in web/ and its entry module. */
export const PAGES = {
  explorer: { html: 'explorer/index.html', entry: 'explorer/main.tsx' },
  map: { html: 'map/index.html', entry: 'map/main.ts' },
} as const;
export type PageName = keyof typeof PAGES;

/** Packages bundled into the pages: a new version makes the output stale. */
const BUNDLED_PACKAGES = ['graphiql', '@graphiql/react', 'react', 'react-dom', 'cytoscape', 'esbuild'];

/**
 * GraphiQL's stylesheet inlines 34 font subsets (Roboto and Fira Code in Cyrillic, Greek and
 * Vietnamese as well as Latin) as data URIs: about 350 KB the browser must load before it can
 * draw the explorer's first screen. The interface and the content are Finnish, Swedish and
 * English, so only the Latin and Latin Extended subsets are kept; other scripts fall back to the
 * system fonts.
 */
const LATIN_RANGES = [/^U\+\?\?,/, /^U\+100-24F/];
export function latinFontsOnly(css: string): string {
  return css.replace(/@font-face\{[^}]*\}/g, (block) => {
    const range = /unicode-range:\s*([^;}]*)/.exec(block)?.[1].trim();
    return !range || LATIN_RANGES.some((r) => r.test(range)) ? block : '';
  });
}

const latinFontsPlugin = {
  name: 'graphiql-latin-fonts',
  setup(b: { onLoad(o: { filter: RegExp }, cb: (a: { path: string }) => { contents: string; loader: 'css' }): void }) {
    b.onLoad({ filter: /graphiql[\\/]dist[\\/]style\.css$/ }, (args) => ({ contents: latinFontsOnly(readFileSync(args.path, 'utf8')), loader: 'css' }));
  },
};

export interface WebBuildInfo {
  hash: string;
  builtAt: string;
  ms: number;
  /** Page name to the HTML file in the output folder. */
  pages: Record<PageName, string>;
  /** Every output file with its size in bytes. */
  files: Record<string, number>;
}

export function buildInfo(outDir = WEB_OUT_DIR): WebBuildInfo | undefined {
  try {
    return JSON.parse(readFileSync(path.join(outDir, 'build.json'), 'utf8')) as WebBuildInfo;
  } catch {
    return undefined;
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listFiles(full);
    return e.isFile() ? [full] : [];
  });
}

/** A hash of everything the output is made from. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [...listFiles(WEB_SOURCE_DIR), path.join(PROJECT_ROOT, 'src', 'web', 'build.ts')].sort();
  for (const f of files) {
    hash.update(path.relative(PROJECT_ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  for (const pkg of BUNDLED_PACKAGES) {
    let version = 'missing';
    try {
      version = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      /* not installed: the build will say so */
    }
    hash.update(`${pkg}@${version}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

export function isWebBuildFresh(outDir = WEB_OUT_DIR): boolean {
  const info = buildInfo(outDir);
  return !!info && info.hash === sourceHash() && Object.values(info.pages).every((p) => existsSync(path.join(outDir, p)));
}

/** Bundles web/ into outDir (built in a temporary folder beside it, then swapped in). */
export async function buildWeb(opts: { outDir?: string; log?: (line: string) => void } = {}): Promise<WebBuildInfo> {
  const outDir = opts.outDir ?? WEB_OUT_DIR;
  const started = Date.now();
  const hash = sourceHash();
  const { build } = await import('esbuild');
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const result = await build({
      absWorkingDir: PROJECT_ROOT,
      entryPoints: Object.fromEntries(Object.entries(PAGES).map(([name, p]) => [name, path.join(WEB_SOURCE_DIR, p.entry)])),
      outdir: path.join(tmp, 'assets'),
      entryNames: '[name]-[hash]',
      assetNames: '[name]-[hash]',
      bundle: true,
      format: 'esm',
      splitting: false,
      minify: true,
      sourcemap: 'linked',
      target: ['chrome110', 'firefox110', 'safari16'],
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      // Fonts and images become data URIs or files of our own: nothing is fetched from outside.
      loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.png': 'dataurl', '.svg': 'dataurl' },
      tsconfig: path.join(WEB_SOURCE_DIR, 'tsconfig.json'),
      metafile: true,
      logLevel: 'silent',
      plugins: [latinFontsPlugin],
    });
    const outputs = result.metafile.outputs;
    const pages = {} as Record<PageName, string>;
    for (const [name, page] of Object.entries(PAGES) as [PageName, (typeof PAGES)[PageName]][]) {
      const entryIn = path.relative(PROJECT_ROOT, path.join(WEB_SOURCE_DIR, page.entry)).split(path.sep).join('/');
      const [jsOut, meta] = Object.entries(outputs).find(([, o]) => o.entryPoint === entryIn) ?? [];
      if (!jsOut || !meta) throw new Error(`esbuild gave no output for ${entryIn}`);
      const url = (file: string) => `/web/assets/${path.basename(file)}`;
      const template = readFileSync(path.join(WEB_SOURCE_DIR, page.html), 'utf8');
      if (!template.includes('<!-- assets -->')) throw new Error(`${page.html} needs an <!-- assets --> marker in <head>`);
      const tags = [
        meta.cssBundle ? `<link rel="stylesheet" href="${url(meta.cssBundle)}">` : '',
        `<script type="module" src="${url(jsOut)}"></script>`,
      ].filter(Boolean).join('\n    ');
      const html = `${name}.html`;
      writeFileSync(path.join(tmp, html), template.replace('<!-- assets -->', tags));
      pages[name] = html;
    }
    const files: Record<string, number> = {};
    for (const f of listFiles(tmp)) files[path.relative(tmp, f).split(path.sep).join('/')] = statSync(f).size;
    const info: WebBuildInfo = { hash, builtAt: new Date().toISOString(), ms: Date.now() - started, pages, files };
    writeFileSync(path.join(tmp, 'build.json'), `${JSON.stringify(info, null, 2)}\n`);
    swapIn(tmp, outDir);
    opts.log?.(`built the explorer and the map into ${path.relative(PROJECT_ROOT, outDir)} in ${info.ms} ms (${summarise(info)})`);
    return info;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`the web build failed: ${formatBuildError(err)}`);
  }
}

function swapIn(tmp: string, outDir: string) {
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  try {
    renameSync(tmp, outDir);
  } catch (err) {
    // Another process swapped its build in at the same moment: keep theirs.
    if (!existsSync(outDir)) throw err;
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}

export function summarise(info: WebBuildInfo): string {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const sized = Object.entries(info.files).filter(([f]) => /\.(js|css)$/.test(f));
  return sized.map(([f, n]) => `${f.replace(/^assets\//, '')} ${kb(n)}`).join(', ');
}

function formatBuildError(err: unknown): string {
  const errors = (err as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors;
  if (Array.isArray(errors) && errors.length) {
    return errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text)).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}

let ensuring: Promise<WebBuildInfo | undefined> | undefined;

/**
 * Builds the pages unless dist/web is fresh; once per process. A failed build is logged, not
 * thrown: the server still serves GraphQL, and /explorer and /map answer 503 saying why.
 */
export function ensureWebBuild(log: (line: string) => void = () => {}): Promise<WebBuildInfo | undefined> {
  ensuring ??= (async () => {
    // A production install (npm ci --omit=dev) serves the pages npm run build made; it cannot rebuild them.
    if (process.env.NODE_ENV === 'production' && buildInfo()) return buildInfo();
    if (isWebBuildFresh()) return buildInfo();
    if (!existsSync(path.join(PROJECT_ROOT, 'node_modules', 'esbuild'))) {
      log('esbuild is not installed (npm ci installs it): serving the explorer and the map as last built, if at all');
      return buildInfo();
    }
    log(buildInfo() ? 'the explorer and the map are out of date: rebuilding' : 'building the explorer and the map (first start)');
    try {
      return await buildWeb({ log });
    } catch (err) {
      log(err instanceof Error ? err.message : String(err));
      return buildInfo();
    }
  })();
  return ensuring;
}

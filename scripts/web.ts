/**
 * npm run web: bundles the page (src/web) into dist-web/ with esbuild and serves it on localhost.
 * Flags: --port N (default 8080; 0 picks a free one), --build-only. The built folder is static files.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const WEB_OUT = join(ROOT, 'dist-web');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json',
  '.gz': 'application/gzip', '.png': 'image/png',
};

/** Bundles page.ts and worker.ts for browsers and copies the HTML and the digits data beside them. */
export async function buildPage(out: string = WEB_OUT): Promise<string> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'src/web/page.ts'), join(ROOT, 'src/web/worker.ts')],
    outdir: out, bundle: true, platform: 'browser', format: 'esm', target: 'es2022', sourcemap: true, logLevel: 'warning',
  });
  copyFileSync(join(ROOT, 'src/web/index.html'), join(out, 'index.html'));
  copyFileSync(join(ROOT, 'data/digits.csv.gz'), join(out, 'digits.csv.gz'));
  return out;
}

/** Serves dir's files on 127.0.0.1:port (GET only, nothing outside dir); resolves once listening. */
export function servePage(dir: string, port: number): Promise<Server> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (req.method !== 'GET' || !file.startsWith(root)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}\n`);
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

async function cli(args: string[]): Promise<void> {
  const portAt = args.indexOf('--port');
  const port = portAt >= 0 ? Number(args[portAt + 1]) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected 0..65535, got ${args[portAt + 1]}`);
  const out = await buildPage();
  console.log(`built ${out}`);
  if (args.includes('--build-only')) return;
  const server = await servePage(out, port);
  const address = server.address();
  console.log(`lrgan page: http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/  (Ctrl-C stops)`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`web: ${(e as Error).message}`);
    process.exit(1);
  });
}

// The training page in a real browser: Debian's chromium, headless, driven by playwright-core (which
// never downloads a browser). Fails, not skips, when chromium cannot start.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPage, servePage } from '../scripts/web.js';
import { tempFolders } from './helpers/tempFolders.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Steps the page trains before the figures are read: its metrics come every 1000 steps. */
const STEPS = 3000;
/** LRGAN_SCREENSHOT=docs refreshes the README's picture; otherwise it goes to runs/. */
const SCREENSHOT = process.env.LRGAN_SCREENSHOT === 'docs' ? 'docs/page.png' : 'runs/page.png';

const folders = tempFolders('page');
let server: Server | null = null;
let context: BrowserContext | null = null;
let page: Page;
let url = '';

test.before(async () => {
  const out = await buildPage(join(folders.make(), 'site'));
  server = await servePage(out, 0);
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  // launchPersistentContext passes the fresh profile folder as --user-data-dir.
  context = await chromium.launchPersistentContext(folders.make(), { executablePath: CHROMIUM, headless: true, args: ARGS, acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  page = context.pages()[0] ?? (await context.newPage());
});

test.after(async () => {
  await context?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  folders.removeAll();
});

const numberAt = (selector: string, attribute: string): Promise<number> =>
  page.$eval(selector, (el, a) => Number((el as HTMLElement).dataset[a] ?? 'NaN'), attribute);

test('ring8, N = 100: trains within a second of Start, stays responsive, covers ≥ 7 of 8 modes; its checkpoint loads in the CLI and back in the page', async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.selectOption('#data', 'ring8');
  await page.fill('#n', '100');
  const clicked = Date.now();
  await page.click('#start');
  await page.waitForFunction(() => Number(document.getElementById('status')!.dataset.step) > 0, undefined, { timeout: 10_000 });
  // Measured by the page from its click handler; the round trip through playwright is the upper bound.
  const firstFrameMs = await numberAt('#status', 'firstFrameMs');
  assert.ok(firstFrameMs < 1000, `first trained frame ${firstFrameMs} ms after Start (${Date.now() - clicked} ms through playwright)`);

  await page.waitForFunction(() => Number(document.getElementById('status')!.dataset.step) > 200, undefined, { timeout: 60_000 });
  // Pause and resume during training: the page's own input delay (handler start − event time) of each.
  for (const label of ['Resume', 'Pause']) {
    const t0 = Date.now();
    await page.click('#pause');
    await page.waitForFunction((l) => document.getElementById('pause')!.textContent === l, label, { timeout: 5000 });
    const delay = await numberAt('#latency', 'lastDelay');
    assert.ok(delay < 100, `a click waited ${delay} ms for its handler`);
    assert.ok(Date.now() - t0 < 1000, `the page took ${Date.now() - t0} ms to show a click`);
  }

  const resumed = { step: await numberAt('#status', 'step'), at: Date.now() };
  await page.waitForFunction((s) => Number(document.getElementById('metrics')!.dataset.step) >= s, STEPS, { timeout: 300_000 });
  const done = { step: await numberAt('#status', 'step'), at: Date.now() };
  const modes = await numberAt('#metrics', 'modesCovered');
  const hq = await numberAt('#metrics', 'highQuality');
  // Throughput with the views and the evaluations included, as a user sees it.
  const speed = ((done.step - resumed.step) * 1000) / (done.at - resumed.at);
  console.log(`  page: first frame ${firstFrameMs} ms, ${modes}/8 modes, high quality ${(100 * hq).toFixed(1)}% at ${STEPS} steps, ${speed.toFixed(1)} steps/s (page, views and evaluations included)`);
  assert.ok(modes >= 7, `${modes} of 8 modes covered`);
  mkdirSync(SCREENSHOT.split('/')[0]!, { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
  const file = join(folders.make(), 'page.safetensors');
  await download.saveAs(file);
  // The CLI in a child (it awaits at top level, which this test's loader cannot); throws on a nonzero exit.
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'eval', '--checkpoint', file], { encoding: 'utf8', timeout: 120_000 });
  assert.match(out, /modes covered\s+\d \/ 8/);

  const step = await numberAt('#status', 'step');
  await page.setInputFiles('#load', file);
  await page.waitForFunction((s) => Number(document.getElementById('status')!.dataset.step) <= s && document.getElementById('error')!.textContent === '' && document.getElementById('params')!.innerHTML !== '', step, { timeout: 20_000 });
  assert.equal(errors, []);
});

test('hand-drawn points and the digits train in the page too', async () => {
  await page.goto(url);
  await page.selectOption('#data', 'points');
  for (const [x, y] of [[100, 100], [330, 120], [220, 330]] as const) await page.click('#plane', { position: { x, y } });
  await page.fill('#n', '30');
  await page.click('#start');
  await page.waitForFunction(() => Number(document.getElementById('status')!.dataset.step) > 20 || document.getElementById('error')!.textContent !== '', undefined, { timeout: 30_000 });
  assert.is(await page.textContent('#error'), '');
  assert.match((await page.textContent('#params')) ?? '', /G1 8→128/);
  await page.selectOption('#data', 'digits');
  await page.fill('#n', '50');
  await page.click('#start');
  await page.waitForFunction(() => (document.getElementById('params')!.textContent ?? '').includes('→64') && Number(document.getElementById('status')!.dataset.step) > 5 || document.getElementById('error')!.textContent !== '', undefined, { timeout: 60_000 });
  assert.is(await page.textContent('#error'), '');
});

test.run();

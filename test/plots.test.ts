import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blendPixel, createImage, drawDisc, drawLine, drawText, textWidth } from '../src/image/canvas.js';
import { plotArea } from '../src/image/frame.js';
import { encodePng } from '../src/image/png.js';
import { imageGrid, lineChart, scatterPlot } from '../src/image/plots.js';
import type { Rgba, RgbaImage } from '../src/image/rgbaImage.js';
import { formatTicks, formatValue, niceTicks } from '../src/image/ticks.js';
import { decodePng } from '../src/node/pngRead.js';

const RED: Rgba = [255, 0, 0, 255];
const BLUE: Rgba = [0, 0, 255, 255];

function px(img: RgbaImage, x: number, y: number): number[] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [...img.data.subarray(i, i + 4)];
}

/** Centroid of the pixels of exactly this RGB, or null when there are none. */
function centroid(img: RgbaImage, c: Rgba): [number, number] | null {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i] === c[0] && img.data[i + 1] === c[1] && img.data[i + 2] === c[2]) {
        sx += x;
        sy += y;
        n++;
      }
    }
  }
  return n === 0 ? null : [sx / n, sy / n];
}

test('canvas: background, alpha blending, disc, crisp horizontal line', () => {
  const img = createImage(20, 10, [255, 255, 255, 255]);
  assert.equal(px(img, 3, 3), [255, 255, 255, 255]);
  blendPixel(img, 0, 0, [255, 0, 0, 128]);
  assert.equal(px(img, 0, 0), [255, 127, 127, 255]); // 255 * (1 - 128/255)
  blendPixel(img, 99, 99, RED); // outside: ignored
  drawDisc(img, 10, 5, 2, BLUE);
  assert.equal(px(img, 10, 5), [0, 0, 255, 255]);
  assert.equal(px(img, 10, 1), [255, 255, 255, 255]);
  drawLine(img, 1, 8, 18, 8, RED);
  assert.equal(px(img, 5, 8), [255, 0, 0, 255]);
  assert.equal(px(img, 5, 7), [255, 255, 255, 255]);
  assert.equal(px(img, 5, 9), [255, 255, 255, 255]);
});

test('canvas: text draws ink inside its box only; unknown characters draw as ?', () => {
  const img = createImage(80, 30);
  const w = drawText(img, 10, 5, 'loss D 1.2e-3', BLUE);
  assert.is(w, textWidth('loss D 1.2e-3'));
  assert.is(w, 13 * 6 - 1);
  const box = centroid(img, BLUE)!;
  assert.ok(box[0] > 10 && box[0] < 10 + w && box[1] > 5 && box[1] < 12);
  const q1 = createImage(10, 12);
  const q2 = createImage(10, 12);
  drawText(q1, 0, 0, '?', RED);
  drawText(q2, 0, 0, 'é', RED);
  assert.equal(q1.data, q2.data);
  const scaled = createImage(20, 20);
  drawText(scaled, 0, 0, 'I', RED, 2);
  assert.equal(px(scaled, 2, 0), [255, 0, 0, 255]); // 'I' top bar spans font columns 1..3
  assert.equal(px(scaled, 3, 1), [255, 0, 0, 255]);
});

test('ticks: nice steps and labels', () => {
  assert.equal(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
  assert.equal(formatTicks(niceTicks(0, 1, 5)), ['0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  assert.equal(formatTicks([0, 5000, 10000, 15000]), ['0', '5000', '10000', '15000']);
  assert.equal(formatTicks(niceTicks(0, 0.001, 5)), ['0', '2e-4', '4e-4', '6e-4', '8e-4', '1e-3']);
  assert.equal(formatTicks([0.0005, 0.001, 0.0015]), ['5e-4', '1e-3', '1.5e-3']);
  assert.equal(formatTicks([0.001, 0.002, 0.003]), ['0.001', '0.002', '0.003']);
  assert.equal(formatTicks([100000, 150000, 200000]), ['1e5', '1.5e5', '2e5']);
  assert.equal(formatTicks([-1, 0, 1]), ['-1', '0', '1']);
  assert.equal([formatValue(0.0012), formatValue(0.6931), formatValue(123456)], ['1.2e-3', '0.693', '1.23e5']);
});

test('scatterPlot: requested size; a point at known data coordinates colors the pixel there', () => {
  const img = scatterPlot(
    [
      { points: new Float64Array([0, 0]), color: RED, label: 'real', radius: 3 },
      { points: new Float32Array([2, -1, NaN, 1]), color: BLUE, label: 'generated', radius: 3 },
    ],
    { width: 300, height: 200, bounds: [-1, 3, -2, 2] },
  );
  assert.equal([img.width, img.height], [300, 200]);
  const area = plotArea(300, 200, { title: false, xLabel: false, yLabel: false });
  const at = (x: number, y: number): [number, number] => [
    area.left + ((x + 1) / 4) * (area.width - 1),
    area.top + ((2 - y) / 4) * (area.height - 1),
  ];
  const [rx, ry] = at(0, 0);
  const [bx, by] = at(2, -1);
  assert.equal(px(img, rx, ry), [255, 0, 0, 255]);
  assert.equal(px(img, bx, by), [0, 0, 255, 255]);
  // Background far from everything stays white.
  assert.equal(px(img, at(-0.5, 1.5)[0], at(-0.5, 1.5)[1]), [255, 255, 255, 255]);
});

test('scatterPlot: default bounds keep one unit equally long on both axes; out-of-bounds points are clipped', () => {
  // Empty labels keep the series out of the legend, so only the data dots have these colors.
  const img = scatterPlot(
    [
      { points: new Float64Array([0, 0]), color: RED, label: '' },
      { points: new Float64Array([10, 1]), color: BLUE, label: '' },
    ],
    { width: 400, height: 300 },
  );
  const a = centroid(img, RED)!;
  const b = centroid(img, BLUE)!;
  const dx = b[0] - a[0];
  const dy = a[1] - b[1];
  assert.ok(dx > 250, `x spread ${dx}`);
  assert.ok(Math.abs(dy / dx - 0.1) < 0.01, `aspect ${dy / dx}`);

  const clipped = scatterPlot([{ points: new Float64Array([5, 5]), color: RED, label: '' }], { width: 200, height: 200, bounds: [0, 1, 0, 1] });
  assert.is(centroid(clipped, RED), null);
  assert.throws(() => scatterPlot([{ points: new Float64Array(3), color: RED, label: 'odd' }]), /scatterPlot: series 0 \('odd'\) has 3 numbers/);
  assert.throws(() => scatterPlot([], { bounds: [1, 0, 0, 1] }), /scatterPlot: bounds must satisfy xmin < xmax and ymin < ymax, got \[1, 0, 0, 1\]/);
});

test('lineChart: requested size, lines where the data is, NaN/Infinity skipped', () => {
  const w = 400;
  const h = 240;
  const img = lineChart(
    [
      { values: [1, 1, NaN, Infinity, 1, 1], color: RED, label: 'loss D' },
      { values: new Float32Array([0, 0, 0, 0, 0, 0]), color: BLUE, label: 'loss G' },
    ],
    { width: w, height: h, xValues: [0, 10, 20, 30, 40, 50], yBounds: [-1, 2] },
  );
  assert.equal([img.width, img.height], [w, h]);
  const area = plotArea(w, h, { title: false, xLabel: false, yLabel: false });
  const row = (y: number): number => area.top + ((2 - y) / 3) * (area.height - 1);
  const col = (x: number): number => area.left + (x / 50) * (area.width - 1);
  // x = 25 lies between the skipped values: the red line joins across them.
  for (const x of [5, 25, 45]) {
    const r = px(img, col(x), row(1));
    assert.ok(r[0]! > 200 && r[1]! < 120 && r[2]! < 120, `red at x=${x}: ${r}`);
    const b = px(img, col(x), row(0));
    assert.ok(b[2]! > 200 && b[0]! < 120, `blue at x=${x}: ${b}`);
  }
  const empty = px(img, col(25), row(0.5));
  assert.ok(empty[0]! > 200 && empty[1]! > 200 && empty[2]! > 200, 'between the lines is background');
});

test('lineChart: smoothing, titles and degenerate inputs', () => {
  const noisy = Array.from({ length: 500 }, (_, i) => Math.sin(i) + i / 100);
  const img = lineChart([{ values: noisy, color: RED, label: 'noisy' }], { title: 'Losses', xLabel: 'step', yLabel: 'loss', smoothing: 0.9 });
  assert.equal([img.width, img.height], [720, 400]);
  lineChart([{ values: [NaN, NaN], color: RED, label: 'none finite' }]);
  lineChart([{ values: [3], color: RED, label: 'single' }]);
  lineChart([]);
  assert.throws(() => lineChart([{ values: [1], color: RED, label: 'x' }], { smoothing: 1 }), /lineChart: smoothing must be in \[0, 1\), got 1/);
  assert.throws(() => lineChart([{ values: [1, 2, 3], color: RED, label: 'x' }], { xValues: [0, 1] }), /lineChart: xValues has 2 entries but a series has 3 values/);
  assert.throws(() => lineChart([], { width: 50, height: 50 }), /lineChart: a 50x50 picture leaves no room for the plot area/);
});

test('legend goes to the corner that hides the least data', () => {
  const legendAt = (values: number[]): string => {
    const img = lineChart([{ values, color: RED, label: 'loss' }], { width: 300, height: 200 });
    const area = plotArea(300, 200, { title: false, xLabel: false, yLabel: false });
    // The legend box's border is gray 190; look for it just inside each corner.
    const gray = (x: number, y: number): boolean => px(img, x, y)[0] === 190 && px(img, x, y)[2] === 190;
    const right = area.left + area.width - 9;
    const bottom = area.top + area.height - 9;
    if (gray(right, area.top + 8)) return 'top-right';
    if (gray(area.left + 8, area.top + 8)) return 'top-left';
    if (gray(right, bottom)) return 'bottom-right';
    return gray(area.left + 8, bottom) ? 'bottom-left' : 'none';
  };
  assert.is(legendAt([0, 0.5, 1]), 'top-left'); // rising: the line passes through the top-right corner
  assert.is(legendAt([1, 0.5, 0]), 'top-right');
});

test('imageGrid: layout, scale, padding, clamping', () => {
  // 5 gray 2x3 images (h=2, w=3); image k has every pixel = k/4, except pixel (1, 2) = 2 (clamped) in image 0.
  const h = 2;
  const w = 3;
  const imgs = new Float32Array(5 * h * w);
  for (let k = 0; k < 5; k++) imgs.fill(k / 4, k * 6, k * 6 + 6);
  imgs[5] = 2;
  imgs[6] = -1; // image 1, pixel (0, 0): clamped to 0
  const g = imageGrid(imgs, 5, h, w, 1, { columns: 2, scale: 2, padding: 1, background: [10, 20, 30, 255] });
  assert.equal([g.width, g.height], [2 * (3 * 2 + 1) + 1, 3 * (2 * 2 + 1) + 1]);
  assert.equal(px(g, 0, 0), [10, 20, 30, 255]);
  const cell = (k: number, x: number, y: number): number[] => px(g, 1 + (k % 2) * 7 + x, 1 + Math.floor(k / 2) * 5 + y);
  assert.equal(cell(0, 0, 0), [0, 0, 0, 255]);
  assert.equal(cell(0, 5, 3), [255, 255, 255, 255]); // pixel (row 1, col 2) scaled to 4..5 x 2..3
  assert.equal(cell(1, 0, 0), [0, 0, 0, 255]);
  assert.equal(cell(1, 2, 0), [64, 64, 64, 255]); // 0.25 * 255 rounded
  assert.equal(cell(4, 1, 1), [255, 255, 255, 255]);
  assert.equal(cell(5, 1, 1), [10, 20, 30, 255]); // no sixth image: background
  assert.equal(px(g, 7, 2), [10, 20, 30, 255]); // padding column between cells
});

test("imageGrid: RGB in 'chw' (planes) and 'hwc' (interleaved) layouts", () => {
  const chw = new Float64Array([1, 0, /* R */ 0, 1, /* G */ 0, 0.5 /* B */]); // 1x2 image
  const hwc = new Float64Array([1, 0, 0, 0, 1, 0.5]);
  const a = imageGrid(chw, 1, 1, 2, 3, { padding: 0 });
  const b = imageGrid(hwc, 1, 1, 2, 3, { padding: 0, layout: 'hwc' });
  assert.equal(a.data, b.data);
  assert.equal(px(a, 0, 0), [255, 0, 0, 255]);
  assert.equal(px(a, 1, 0), [0, 255, 128, 255]);
  assert.throws(() => imageGrid(new Float64Array(5), 1, 1, 2, 3), /imageGrid: images has 5 numbers, expected count\*height\*width\*channels = 1\*1\*2\*3 = 6/);
});

test('plots encode to PNGs that decode to the same pixels', () => {
  const img = lineChart([{ values: [3, 1, 2], color: RED, label: 'x' }], { width: 200, height: 120 });
  const dec = decodePng(encodePng(img), 'chart.png');
  assert.equal([dec.width, dec.height, dec.channels], [200, 120, 4]);
  assert.equal(dec.data, new Uint8Array(img.data));
});

test.run();

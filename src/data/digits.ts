/**
 * The UCI optical handwritten digits (Alpaydin & Kaynak 1998; see data/README.md): 8x8 gray images,
 * pixels 0..16, labels 0..9. Browser-safe: takes the CSV text (already gunzipped), not a path.
 */
import { parseCsv } from './csv.js';
import type { Dataset } from './dataset.js';

const SIDE = 8;
const PIXELS = SIDE * SIDE;
const MAX_PIXEL = 16;
const CLASSES = 10;

/**
 * Parses rows of 64 pixel counts (integers 0..16, row-major) followed by a label 0..9, without header.
 * Returns x: [rows, 64] with pixels scaled to [0, 1] (divided by 16), labels: [rows], 10 classes,
 * image 8x8x1. Throws naming `source` and the 1-based data row for a wrong field count or a value
 * that is not an integer in range.
 */
export function parseDigits(csvText: string, source: string): Dataset {
  const fn = 'parseDigits';
  const table = parseCsv(csvText, { source, header: false });
  const width = PIXELS + 1;
  if (table.cols !== width) {
    throw new Error(`${fn}: ${source}: rows have ${table.cols} numbers, expected ${width} (${PIXELS} pixels and a label)`);
  }
  const n = table.rows;
  const src = table.data;
  const x = new Float64Array(n * PIXELS);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const row = r * width;
    for (let j = 0; j < PIXELS; j++) {
      const v = src[row + j]!;
      if (!Number.isInteger(v) || v < 0 || v > MAX_PIXEL) {
        throw new Error(`${fn}: ${source}: row ${r + 1}, pixel ${j} is ${v}; expected an integer 0..${MAX_PIXEL}`);
      }
      x[r * PIXELS + j] = v / MAX_PIXEL;
    }
    const label = src[row + PIXELS]!;
    if (!Number.isInteger(label) || label < 0 || label >= CLASSES) {
      throw new Error(`${fn}: ${source}: row ${r + 1}, label is ${label}; expected an integer 0..${CLASSES - 1}`);
    }
    labels[r] = label;
  }
  return {
    name: 'digits',
    x,
    n,
    dim: PIXELS,
    labels,
    numClasses: CLASSES,
    labelNames: Array.from({ length: CLASSES }, (_, c) => String(c)),
    image: { height: SIDE, width: SIDE, channels: 1 },
    labelColumn: { name: 'label', index: PIXELS },
    fileScale: MAX_PIXEL,
  };
}

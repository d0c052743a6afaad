// The picture helpers of a run: which training images the grid shows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evenlySpacedRows, imageComparison } from '../src/cli/pictures.js';

test('evenlySpacedRows takes rows ⌊i·rows/count⌋, so a class-by-class split shows every class', () => {
  // 20 one-pixel-pair images stored class by class: rows 0–9 are class 0, rows 10–19 class 1.
  const x = Float64Array.from({ length: 40 }, (_, i) => Math.floor(i / 2));
  assert.equal(Array.from(evenlySpacedRows(x, 2, 4)), [0, 0, 5, 5, 10, 10, 15, 15]);
  assert.equal(Array.from(evenlySpacedRows(x, 2, 20)), Array.from(x));
});

test('imageComparison shows evenly spaced training rows: its second tile is row 5, not row 1', () => {
  const shape = { height: 1, width: 1, channels: 1 as const };
  const real = Float64Array.from({ length: 10 }, (_, i) => (i < 5 ? 0 : 1));
  const picture = imageComparison(real, 2, new Float64Array(2), 2, shape, 2);
  // Tiles are scaled to about 84 px; the second tile's centre, one row of tiles below the caption, is white.
  const tile = Math.round(84 / 1);
  const grey = (x: number, y: number): number => picture.data[(y * picture.width + x) * 4]!;
  assert.ok(grey(tile + tile / 2, 14 + tile / 2) > 200, 'the second training tile shows row 5 (white)');
  assert.ok(grey(tile / 2, 14 + tile / 2) < 50, 'the first shows row 0 (black)');
});

test.run();

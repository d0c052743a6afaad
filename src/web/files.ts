/**
 * Dropped files → training rows, at the web edge: CSV through the core's parser, PNG through the
 * browser's own decoder (createImageBitmap), pixels in [0, 1], channels last.
 */
import { parseCsv } from '../data/csv.js';
import type { DataSource } from './protocol.js';

/** One .csv file, or one or more same-size .png files. */
export async function rowsFromFiles(files: File[]): Promise<DataSource & { kind: 'rows' }> {
  if (files.length === 0) throw new Error('drop: no file came');
  const csv = files.filter((f) => /\.csv$/i.test(f.name));
  if (csv.length > 0) {
    if (files.length > 1) throw new Error(`drop: expected one .csv file or only .png files, got ${files.length} files`);
    const table = parseCsv(await files[0]!.text(), { source: files[0]!.name });
    // The page trains on number columns only: a text column would reach it as category codes.
    const text = table.categories.findIndex((c) => c !== null);
    if (text >= 0) {
      throw new Error(`drop: ${files[0]!.name}: column '${table.columns[text]}' holds text (categories ${table.categories[text]!.slice(0, 3).join(', ')}, …); the page trains on number columns only, use the lrgan command for tables with categories or labels`);
    }
    return { kind: 'rows', name: files[0]!.name.replace(/\.csv$/i, ''), x: table.data, dim: table.cols };
  }
  const pngs = files.filter((f) => /\.png$/i.test(f.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  if (pngs.length !== files.length) {
    const other = files.find((f) => !/\.png$/i.test(f.name))!;
    throw new Error(`drop: expected .csv or .png files, got ${other.name}`);
  }
  const images: { name: string; rgba: Uint8ClampedArray; width: number; height: number }[] = [];
  for (const f of pngs) {
    const bitmap = await createImageBitmap(f);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    images.push({ name: f.name, rgba: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data, width: bitmap.width, height: bitmap.height });
  }
  const { width, height } = images[0]!;
  const odd = images.find((im) => im.width !== width || im.height !== height);
  if (odd) throw new Error(`drop: ${odd.name} is ${odd.width}x${odd.height} but ${images[0]!.name} is ${width}x${height}; all images must be the same size`);
  let gray = true;
  for (const im of images) for (let p = 0; p < im.rgba.length && gray; p += 4) gray = im.rgba[p] === im.rgba[p + 1] && im.rgba[p] === im.rgba[p + 2];
  const channels = gray ? 1 : 3;
  const dim = width * height * channels;
  const x = new Float64Array(images.length * dim);
  images.forEach((im, i) => {
    for (let p = 0; p < width * height; p++) {
      // Transparency composited onto black, as the CLI's PNG reader does.
      const alpha = im.rgba[4 * p + 3]! / 255;
      for (let c = 0; c < channels; c++) x[i * dim + p * channels + c] = (im.rgba[4 * p + c]! / 255) * alpha;
    }
  });
  return { kind: 'rows', name: 'images', x, dim, image: { height, width, channels } };
}

/** The shipped digits CSV, served beside the page gzipped, unpacked by the browser's DecompressionStream. */
export async function fetchDigitsCsv(): Promise<string> {
  const response = await fetch('digits.csv.gz');
  if (!response.ok || response.body === null) throw new Error(`digits: cannot fetch digits.csv.gz (HTTP ${response.status})`);
  const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/**
 * IDX files (LeCun's format for MNIST and Fashion-MNIST), from bytes already gunzipped. Browser-safe.
 * Layout: 0, 0, a type byte (0x08 = unsigned byte), the number of dims d; then d big-endian uint32 sizes;
 * then the values row-major.
 */
import type { Dataset } from './dataset.js';

export interface IdxArray {
  /** Sizes, e.g. [10000, 28, 28] for images or [10000] for labels. */
  dims: number[];
  /** The values, row-major (a view into the input bytes). */
  data: Uint8Array;
}

/** Parses an unsigned-byte IDX array; throws naming `source` for a bad magic number, type or length. */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const fn = 'parseIdx';
  if (bytes.length < 4) throw new Error(`${fn}: ${source}: ${bytes.length} bytes is too short for an IDX header (4 bytes at least)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${fn}: ${source}: not an IDX file (the first two bytes are ${bytes[0]}, ${bytes[1]}, expected 0, 0; gunzip it first?)`);
  }
  if (bytes[2] !== 0x08) throw new Error(`${fn}: ${source}: value type 0x${bytes[2]!.toString(16)} is not supported, expected 0x08 (unsigned byte)`);
  const ndim = bytes[3]!;
  if (ndim < 1) throw new Error(`${fn}: ${source}: the header declares 0 dims, expected at least 1`);
  const start = 4 + 4 * ndim;
  if (bytes.length < start) throw new Error(`${fn}: ${source}: the header needs ${start} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  if (bytes.length !== start + count) {
    throw new Error(`${fn}: ${source}: dims [${dims.join(',')}] need ${count} values after the ${start}-byte header, the file has ${bytes.length - start}`);
  }
  return { dims, data: bytes.subarray(start) };
}

export interface IdxDatasetOptions {
  name: string;
  /** Text of each class 0..numClasses−1. */
  labelNames: string[];
  /** Names for messages, e.g. the file paths. */
  imagesSource: string;
  labelsSource: string;
}

/**
 * A labelled grayscale image Dataset from an IDX image file [count, height, width] and an IDX label file [count]:
 * x: [count, height·width] with pixels scaled to [0, 1] (divided by 255), image { height, width, channels: 1 }.
 * Throws when the counts differ or a label is outside 0..labelNames.length−1.
 */
export function idxImageDataset(images: Uint8Array, labels: Uint8Array, options: IdxDatasetOptions): Dataset {
  const fn = 'idxImageDataset';
  const img = parseIdx(images, options.imagesSource);
  const lab = parseIdx(labels, options.labelsSource);
  if (img.dims.length !== 3) throw new Error(`${fn}: ${options.imagesSource}: expected images [count, height, width], got dims [${img.dims.join(',')}]`);
  if (lab.dims.length !== 1) throw new Error(`${fn}: ${options.labelsSource}: expected labels [count], got dims [${lab.dims.join(',')}]`);
  const [n, height, width] = img.dims as [number, number, number];
  if (lab.dims[0] !== n) throw new Error(`${fn}: ${options.imagesSource} has ${n} images but ${options.labelsSource} has ${lab.dims[0]} labels`);
  const classes = options.labelNames.length;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = lab.data[i]!;
    if (c >= classes) throw new Error(`${fn}: ${options.labelsSource}: label ${i} is ${c}, outside 0..${classes - 1}`);
    y[i] = c;
  }
  const dim = height * width;
  const x = new Float64Array(n * dim);
  const px = img.data;
  for (let i = 0; i < x.length; i++) x[i] = px[i]! / 255;
  return { name: options.name, x, n, dim, labels: y, numClasses: classes, labelNames: options.labelNames.slice(), image: { height, width, channels: 1 } };
}

/** Class names of MNIST (the digits) and Fashion-MNIST (Xiao et al. 2017), in label order. */
export const MNIST_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_LABELS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

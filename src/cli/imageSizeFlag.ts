/** `--image-size 28` or `--image-size 28x32` (height × width): the size a PNG folder's images are resized to. */
import { statSync } from 'node:fs';
import type { ImageSize } from '../image/resize.js';
import { BUILT_IN_DATASETS } from '../node/loadData.js';
import { UsageError } from './args.js';

/** Largest side accepted: a bound on the memory of one image row of the data set, not on the model. */
export const MAX_IMAGE_SIDE = 4096;

/** 'S' → S×S, 'HxW' (or 'H×W') → H×W; a UsageError for `command` names what was given otherwise. */
export function parseImageSize(text: string, command: string): ImageSize {
  const m = /^\s*(\d+)\s*(?:[x×X]\s*(\d+)\s*)?$/.exec(text);
  const height = m === null ? NaN : Number(m[1]);
  const width = m === null ? NaN : Number(m[2] ?? m[1]);
  if (!(height >= 1 && width >= 1 && height <= MAX_IMAGE_SIDE && width <= MAX_IMAGE_SIDE)) {
    throw new UsageError(`--image-size: expected a side S or HEIGHTxWIDTH in pixels (1 to ${MAX_IMAGE_SIDE}), e.g. 28 or 28x28, got '${text}'`, command);
  }
  return { height, width };
}

/** '28x28'. */
export function sizeText(size: ImageSize): string {
  return `${size.height}x${size.width}`;
}

/**
 * The parsed --image-size for --data `data` (a built-in name or a path), refused for built-in sets and
 * files, which have no PNGs to resize; a missing path is left to the loader, which names the built-in sets.
 */
export function imageSizeFor(data: string, text: string, command: string): ImageSize {
  const size = parseImageSize(text, command);
  const refuse = (what: string): never => {
    throw new UsageError(`--image-size: resizes the PNGs of a folder; '${data}' is ${what}`, command);
  };
  if ((BUILT_IN_DATASETS as readonly string[]).includes(data)) refuse(`a built-in data set${data === 'mnist' || data === 'fashion' ? ' (28x28 already)' : ''}`);
  let isFile = false;
  try {
    isFile = !statSync(data).isDirectory();
  } catch {
    // Missing: reported when the data is loaded.
  }
  if (isFile) refuse('a file');
  return size;
}

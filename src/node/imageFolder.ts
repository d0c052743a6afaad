/** Loads a folder of PNG files as a training set of same-sized images, or of any sizes resized to one. */
import { type Dirent, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ImageSize, resizeImage } from '../image/resize.js';
import { decodePng } from './pngRead.js';

export interface ImageFolder {
  /**
   * File names, sorted by UTF-16 code units (so "b10.png" < "b2.png"); same order as the images. In a
   * folder of class subfolders: "class/file.png", classes in sorted order.
   */
  names: string[];
  /** A folder of class subfolders: [count] each image's class index into classNames; null otherwise. */
  labels: Int32Array | null;
  /** The class subfolders' names, sorted; empty without classes. */
  classNames: string[];
  width: number;
  height: number;
  /** 1 when every image is gray, else 3 (gray images are promoted to RGB). */
  channels: 1 | 3;
  /** [count, channels * height * width] in [0, 1]; per image channel planes ('chw', default) or interleaved ('hwc'). */
  data: Float64Array;
  /** What reading changed that the user should hear about: gray images promoted to RGB, alpha composited and dropped. */
  notes: string[];
}

export interface ImageFolderOptions {
  /** Order of one image's numbers: 'chw' (default, PyTorch's NCHW) or 'hwc'. imageGrid takes the same option. */
  layout?: 'chw' | 'hwc';
  /** Resize every image to this size (area averaging down, bilinear up; src/image/resize.ts); absent: all must share one size. */
  size?: ImageSize;
}

/** PNG file names (any case) directly in a folder's entries, sorted. */
function pngNames(entries: readonly Dirent[]): string[] {
  return entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.png$/i.test(e.name)).map((e) => e.name).sort();
}

/**
 * Reads every *.png (any case) directly in `dir`, or, when `dir` holds none but has subfolders that do,
 * those subfolders' PNGs with each subfolder a class (labels, classNames). Transparency is composited onto black: each color
 * sample is multiplied by alpha / 255, so fully transparent pixels read as 0.
 * With opts.size every image is resized to it, after compositing; without, sizes must agree.
 * Throws when the folder is missing or unreadable, holds no PNG, a PNG is invalid, or sizes differ.
 */
export function readImageFolder(dir: string, opts: ImageFolderOptions = {}): ImageFolder {
  const size = opts.size;
  if (size !== undefined && ![size.height, size.width].every((v) => Number.isSafeInteger(v) && v >= 1)) {
    throw new Error(`readImageFolder: size must be positive integer height and width, got ${size.height}x${size.width}`);
  }
  let entries: Dirent[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error(`readImageFolder: '${dir}' is not a folder`);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new Error(`readImageFolder: folder '${dir}' does not exist`);
    if (err.code === undefined) throw err;
    throw new Error(`readImageFolder: cannot read folder '${dir}' (${err.code}: ${err.message})`);
  }
  let names = pngNames(entries);
  let labels: Int32Array | null = null;
  const classNames: string[] = [];
  if (names.length === 0) {
    const perClass: number[] = [];
    for (const sub of entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      const files = pngNames(readdirSync(join(dir, sub), { withFileTypes: true }));
      if (files.length === 0) continue;
      classNames.push(sub);
      perClass.push(files.length);
      names.push(...files.map((file) => `${sub}/${file}`));
    }
    if (names.length === 0) throw new Error(`readImageFolder: no .png files in '${dir}' or in class subfolders of it (${entries.length} other entries)`);
    if (classNames.length === 1) throw new Error(`readImageFolder: '${dir}' has one class subfolder ('${classNames[0]}'); put the PNGs in '${dir}' itself, or give at least two classes`);
    labels = new Int32Array(names.length);
    let at = 0;
    perClass.forEach((m, k) => labels!.fill(k, at, (at += m)));
  }

  const images = names.map((name) => {
    const path = join(dir, name);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new Error(`readImageFolder: cannot read '${path}' (${(e as Error).message})`);
    }
    return decodePng(bytes, path);
  });
  const first = images[0]!;
  if (opts.size === undefined) {
    images.forEach((img, k) => {
      if (img.width !== first.width || img.height !== first.height) {
        throw new Error(
          `readImageFolder: '${names[k]}' is ${img.width}x${img.height} but '${names[0]}' is ${first.width}x${first.height}; ` +
            'all images must have the same size (or give a size to resize them to: --image-size HxW)',
        );
      }
    });
  }
  const { width, height } = opts.size ?? first;
  const channels: 1 | 3 = images.some((img) => img.channels >= 3) ? 3 : 1;
  const planar = (opts.layout ?? 'chw') === 'chw';
  const hw = width * height;
  const per = hw * channels;
  const data = new Float64Array(names.length * per);
  // Offset of channel c of pixel p is p * pixelStride + c * plane within one image.
  const plane = planar ? hw : 1;
  const pixelStride = planar ? 1 : channels;
  images.forEach((img, k) => {
    let pixels = composited(img, channels);
    if (img.width !== width || img.height !== height) pixels = resizeImage(pixels, { height: img.height, width: img.width, channels }, { height, width });
    const base = k * per;
    for (let p = 0; p < hw; p++) {
      const o = base + p * pixelStride;
      for (let c = 0; c < channels; c++) data[o + c * plane] = pixels[p * channels + c]!;
    }
  });
  return { names, labels, classNames, width, height, channels, data, notes: conversionNotes(names, images, channels) };
}

/** img's pixels as [height, width, channels] in [0, 1]: alpha composited onto black, gray repeated into RGB when channels is 3. */
function composited(img: { width: number; height: number; channels: number; data: Uint8Array }, channels: 1 | 3): Float64Array {
  const src = img.data;
  const ch = img.channels;
  const hasAlpha = ch === 2 || ch === 4;
  const colors = hasAlpha ? ch - 1 : ch;
  const hw = img.width * img.height;
  const out = new Float64Array(hw * channels);
  for (let p = 0; p < hw; p++) {
    const s = p * ch;
    const scale = hasAlpha ? src[s + colors]! / (255 * 255) : 1 / 255;
    for (let c = 0; c < channels; c++) out[p * channels + c] = src[s + (colors === 1 ? 0 : c)]! * scale;
  }
  return out;
}

/** Says which images were promoted from gray to RGB, and which had transparency composited onto black and dropped. */
function conversionNotes(names: string[], images: readonly { channels: number; data: ArrayLike<number> }[], channels: 1 | 3): string[] {
  const kinds = images.map((img) => img.channels);
  const list = (idx: number[]): string => `${idx.slice(0, 3).map((i) => names[i]).join(', ')}${idx.length > 3 ? `, … (${idx.length} in all)` : ''}`;
  const notes: string[] = [];
  const gray = kinds.flatMap((c, i) => (c <= 2 ? [i] : []));
  if (channels === 3 && gray.length > 0) {
    notes.push(`${gray.length} of ${names.length} images are gray (${list(gray)}) and were promoted to RGB, since others are in color`);
  }
  const alpha = images.flatMap((img, i) => (isTransparent(img) ? [i] : []));
  if (alpha.length > 0) {
    notes.push(`${alpha.length} of ${names.length} images have transparent pixels (${list(alpha)}); their colors were composited onto black and the alpha dropped`);
  }
  return notes;
}

/** Whether an image with an alpha channel has a pixel that is not fully opaque. */
function isTransparent(img: { channels: number; data: ArrayLike<number> }): boolean {
  const ch = img.channels;
  if (ch !== 2 && ch !== 4) return false;
  for (let i = ch - 1; i < img.data.length; i += ch) if (img.data[i]! < 255) return true;
  return false;
}

/**
 * Resizing an image one axis at a time, each axis by the rule that keeps its detail honest:
 *   shrinking: area averaging, an exact box filter: output pixel j covers input [j·s, (j+1)·s) with
 *              s = in/out, and each input pixel weighs the length of it that lies inside, divided by s
 *              (fractional at the edges; PIL's BOX; torch's 'area' where in/out is an integer);
 *   enlarging: bilinear with align_corners = false, torch.nn.functional.interpolate's rule: output j
 *              reads input x = max(0, (j + 0.5)·in/out − 0.5), between ⌊x⌋ and min(⌊x⌋ + 1, in − 1);
 *   same size: a copy.
 * Every output pixel is a convex combination of input pixels, so a constant image stays constant and
 * area averaging keeps the mean. Browser-safe.
 */

/** Rows and columns of an image. */
export interface ImageSize {
  height: number;
  width: number;
}

/** The taps of one axis: output j reads input index[k] with weight[k] for k in [offset[j], offset[j + 1]). */
export interface AxisTaps {
  offset: Int32Array;
  index: Int32Array;
  weight: Float64Array;
}

function checkSide(fn: string, name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${fn}: ${name} must be a positive integer, got ${v}`);
}

/** The taps that take `from` samples of one axis to `to` (area when shrinking, bilinear when enlarging). */
export function axisTaps(from: number, to: number): AxisTaps {
  checkSide('axisTaps', 'from', from);
  checkSide('axisTaps', 'to', to);
  const offset = new Int32Array(to + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let j = 0; j < to; j++) {
    if (to === from) {
      index.push(j);
      weight.push(1);
    } else if (to < from) {
      // Interval [lo, hi) in input pixels, in units of 1/to to stay exact: lo = j·from/to.
      const lo = j * from, hi = (j + 1) * from;
      for (let i = Math.floor(lo / to); i * to < hi; i++) {
        const covered = Math.min(hi, (i + 1) * to) - Math.max(lo, i * to);
        if (covered > 0) {
          index.push(i);
          weight.push(covered / from);
        }
      }
    } else {
      const x = Math.max(0, ((j + 0.5) * from) / to - 0.5);
      const i0 = Math.min(Math.floor(x), from - 1);
      const i1 = Math.min(i0 + 1, from - 1);
      const t = x - i0;
      if (i1 === i0 || t === 0) {
        index.push(i0);
        weight.push(1);
      } else {
        index.push(i0, i1);
        weight.push(1 - t, t);
      }
    }
    offset[j + 1] = index.length;
  }
  return { offset, index: Int32Array.from(index), weight: Float64Array.from(weight) };
}

/**
 * data: [height, width, channels] (channels interleaved) → [to.height, to.width, channels], width first,
 * then height (the two passes commute: the filter is separable).
 */
export function resizeImage(data: ArrayLike<number>, size: ImageSize & { channels: number }, to: ImageSize): Float64Array {
  const fn = 'resizeImage';
  const { height, width, channels } = size;
  checkSide(fn, 'height', height);
  checkSide(fn, 'width', width);
  checkSide(fn, 'channels', channels);
  checkSide(fn, 'target height', to.height);
  checkSide(fn, 'target width', to.width);
  if (data.length !== height * width * channels) {
    throw new Error(`${fn}: data has ${data.length} values, expected height·width·channels = ${height}·${width}·${channels} = ${height * width * channels}`);
  }
  const across = resizeAxis(data, height, width, channels, axisTaps(width, to.width));
  // The height pass treats each row of (to.width · channels) values as one "pixel" of a 1-column image.
  return resizeAxis(across, 1, height, to.width * channels, axisTaps(height, to.height));
}

/** x: [outer, from, inner] → [outer, to, inner] along the middle axis with taps. */
function resizeAxis(x: ArrayLike<number>, outer: number, from: number, inner: number, taps: AxisTaps): Float64Array {
  const to = taps.offset.length - 1;
  const out = new Float64Array(outer * to * inner);
  const { offset, index, weight } = taps;
  for (let o = 0; o < outer; o++) {
    const src = o * from * inner, dst = o * to * inner;
    for (let j = 0; j < to; j++) {
      const row = dst + j * inner;
      for (let k = offset[j]!; k < offset[j + 1]!; k++) {
        const w = weight[k]!;
        const s = src + index[k]! * inner;
        for (let c = 0; c < inner; c++) out[row + c] = out[row + c]! + w * x[s + c]!;
      }
    }
  }
  return out;
}

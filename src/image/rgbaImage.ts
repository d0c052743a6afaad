/** An 8-bit RGBA raster: data is row-major, 4 bytes (r, g, b, a) per pixel, length width * height * 4. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A color as [r, g, b, a], each 0..255; a = 255 is opaque. */
export type Rgba = readonly [number, number, number, number];

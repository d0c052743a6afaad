// Pictures without dependencies: PNG encoding (CRC32, zlib) and simple raster plots. Browser-safe.
export type { RgbaImage, Rgba } from './rgbaImage.js';
export { encodePng, encodePngGray } from './png.js';
export { scatterPlot, lineChart } from './plots.js';
export { imageGrid } from './imageGrid.js';
export { createImage, drawText, drawLine, drawDisc, fillRect } from './canvas.js';

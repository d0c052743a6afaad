// lrgan/node: the Node-only parts (files, gzip, PNG folders) and the command line, for programs that
// embed lrgan in Node. The browser-safe core is the main entry, 'lrgan'.
export { writeFileAtomic, readSafetensorsFile, writeSafetensorsFile } from './checkpointFile.js';
export { FCD_WEIGHTS_FILE, loadDigitClassifierFile } from './fcdWeights.js';
export { readImageFolder } from './imageFolder.js';
export type { ImageFolder, ImageFolderOptions } from './imageFolder.js';
export { BUILT_IN_DATASETS, DIGITS_FILE, MIXTURE_HELD_OUT_POOL, loadDataset } from './loadData.js';
export type { LoadDataOptions } from './loadData.js';
export { decodePng } from './pngRead.js';
export type { DecodedPng } from './pngRead.js';

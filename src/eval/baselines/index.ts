// Reference rows for few-shot studies: classical generators fitted to the same training set. Browser-safe.
export type { FittedGenerator, ReferenceGenerator } from './referenceGenerator.js';
export { copyTraining, fitCopyTraining } from './copyTraining.js';
export type { FittedGaussian, GaussianFitOptions } from './gaussianFit.js';
export { fitGaussian, gaussianFit } from './gaussianFit.js';
export type { FittedPcaGaussianMixture, PcaGaussianMixtureOptions } from './pcaGaussianMixture.js';
export { fitPcaGaussianMixture, pcaGaussianMixture } from './pcaGaussianMixture.js';
export { heldOutRows } from './heldOutRows.js';
export type { Pca } from './pca.js';
export { fitPca, pcaProject } from './pca.js';
export type { DiagonalGmm, DiagonalGmmOptions } from './diagonalGmm.js';
export { fitDiagonalGmm } from './diagonalGmm.js';
export type { KMeans } from './kmeans.js';
export { kmeans } from './kmeans.js';

import { copyTraining } from './copyTraining.js';
import { gaussianFit } from './gaussianFit.js';
import { pcaGaussianMixture } from './pcaGaussianMixture.js';
import type { ReferenceGenerator } from './referenceGenerator.js';

/** The fitted reference rows of a study table, memorizer first. */
export const REFERENCE_GENERATORS: readonly ReferenceGenerator[] = [copyTraining, gaussianFit, pcaGaussianMixture];
export type { SmoteOptions } from './smoteInterpolation.js';
export { fitSmote, smote } from './smoteInterpolation.js';
export type { FittedPerClass, LabelledSample } from './perClass.js';
export { fitPerClass } from './perClass.js';
export { kthNeighborIndices } from './neighbourIndices.js';

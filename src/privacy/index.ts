// Differential privacy for training on sensitive rows: the RDP accountant of the sampled Gaussian
// mechanism, the noise search for a target ε, and DP-SGD's clipped, noised gradients. Browser-safe.
export { logAdd, logSub, logErfc } from './logSpace.js';
export { sampledGaussianRdp } from './sampledGaussianRdp.js';
export type { EpsilonConversion, PrivacySpent } from './rdpToEpsilon.js';
export { epsilonFromRdp } from './rdpToEpsilon.js';
export type { AccountantEntry, RdpAccountantOptions } from './rdpAccountant.js';
export { DEFAULT_RDP_ORDERS, RdpAccountant, totalRdp } from './rdpAccountant.js';
export type { NoiseSearch } from './noiseMultiplier.js';
export { epsilonAfter, noiseMultiplierFor } from './noiseMultiplier.js';
export type { DpGradientOptions, DpGradientResult } from './dpGradients.js';
export { dpGradients } from './dpGradients.js';

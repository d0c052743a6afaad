// Dense linear algebra on plain arrays: SVD (by pivoted QR and one-sided Jacobi), symmetric eigen,
// Cholesky. Sits beside the tensor layer; nn (LowRankLinear.fromLinear) and eval (Fréchet distance,
// Gaussian fits) build on it. Browser-safe.
export { svd } from './svd.js';
export { balancedFactors, truncatedSvd } from './truncatedSvd.js';
export type { SymmetricEigen } from './eigen.js';
export { symmetricEigen } from './eigen.js';
export { cholesky } from './cholesky.js';

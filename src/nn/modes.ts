import type { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';

/**
 * Runs fn with `params` frozen (requiresGrad false: no gradients for them, which also skips their
 * matrix products in backward), then gives each its flag back, also when fn throws.
 */
export function withFrozen<T>(params: readonly Tensor[], fn: () => T): T {
  const flags = params.map((p) => p.requiresGrad);
  for (const p of params) p.requiresGrad = false;
  try {
    return fn();
  } finally {
    params.forEach((p, i) => (p.requiresGrad = flags[i]!));
  }
}

/** Runs fn with `net` in evaluation mode (Dropout off, spectral norm frozen), then restores its mode, also when fn throws. */
export function inEvalMode<T>(net: Module, fn: () => T): T {
  const wasTraining = net.training;
  net.eval();
  try {
    return fn();
  } finally {
    net.train(wasTraining);
  }
}

/** Whether ops record the graph. Off inside noGrad(), and during a backward pass that does not create a graph. */
let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs fn with graph recording on or off, restoring the previous mode even if fn throws. */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = on;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/** Runs fn without recording any graph: for inference, metrics and optimizer updates (torch.no_grad). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

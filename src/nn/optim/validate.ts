// Option checks shared by the optimizers. Every error names the optimizer and the option.

/** Throws if `options` has a key outside `known` (e.g. PyTorch's snake_case weight_decay). */
export function checkKnownOptions(kind: string, options: Record<string, unknown>, known: readonly string[]): void {
  if (options === null || typeof options !== 'object') throw new Error(`${kind}: options must be an object, got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new Error(`${kind}: unknown option "${key}" (expected one of ${known.join(', ')})`);
  }
}

/** A finite number ≥ min (or > min when `strict`), or the default when the option is undefined. */
export function numberOption(kind: string, name: string, value: unknown, fallback: number | undefined, min: number, strict = false): number {
  const v = value === undefined ? fallback : value;
  if (v === undefined) throw new Error(`${kind}: option ${name} is required`);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${kind}: ${name} must be a finite number, got ${String(v)}`);
  if (strict ? !(v > min) : !(v >= min)) throw new Error(`${kind}: ${name} must be ${strict ? '>' : '≥'} ${min}, got ${v}`);
  return v;
}

/** A boolean, or the default when undefined. */
export function booleanOption(kind: string, name: string, value: unknown, fallback: boolean): boolean {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'boolean') throw new Error(`${kind}: ${name} must be a boolean, got ${String(v)}`);
  return v;
}

/** Adam's (β1, β2), each finite and in [0, 1). */
export function betasOption(kind: string, value: unknown, fallback: readonly [number, number]): [number, number] {
  const v = value === undefined ? fallback : value;
  if (!Array.isArray(v) || v.length !== 2) throw new Error(`${kind}: betas must be a pair [beta1, beta2], got ${JSON.stringify(v)}`);
  v.forEach((b: unknown, i: number) => {
    if (typeof b !== 'number' || !Number.isFinite(b) || b < 0 || b >= 1) {
      throw new Error(`${kind}: betas[${i}] must be a finite number in [0, 1), got ${String(b)}`);
    }
  });
  return [v[0] as number, v[1] as number];
}

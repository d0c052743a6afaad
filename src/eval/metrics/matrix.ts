/**
 * Row-major sample matrices for the metrics, with input validation.
 * Browser-safe: typed arrays only.
 */

/** A set of samples: data is [rows, cols] row-major, one sample per row. */
export interface Matrix {
  data: Float32Array | Float64Array;
  rows: number;
  cols: number;
}

/** The float64 form every metric computes on (one element type keeps the hot loops monomorphic). */
export interface Matrix64 {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** A float64 matrix from nested arrays: rows[i][j] -> [rows.length, rows[0].length]. */
export function matrixFromRows(rows: ReadonlyArray<ReadonlyArray<number>>): Matrix64 {
  if (rows.length === 0) throw new Error('matrixFromRows: need at least one row, got 0');
  const cols = rows[0]!.length;
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.length !== cols) throw new Error(`matrixFromRows: row ${i} has ${row.length} entries but row 0 has ${cols}`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j]!;
  }
  return { data, rows: rows.length, cols };
}

/**
 * Checks shape and finiteness of argument `name` of function `fn` and returns it as float64
 * (the same buffer when it already is one). Throws e.g. "nnRatio: generated row 4 has NaN (column 1)".
 */
export function readMatrix(fn: string, name: string, m: Matrix): Matrix64 {
  if (m === null || typeof m !== 'object' || !(m.data instanceof Float32Array || m.data instanceof Float64Array)) {
    throw new Error(`${fn}: ${name} must be { data: Float32Array | Float64Array, rows, cols }`);
  }
  const { rows, cols, data } = m;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new Error(`${fn}: ${name} must have rows >= 1 and cols >= 1, got [${rows}, ${cols}]`);
  }
  if (data.length !== rows * cols) {
    throw new Error(`${fn}: ${name} has ${data.length} entries but shape [${rows}, ${cols}] needs ${rows * cols}`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      // v - v is NaN exactly for NaN and ±Infinity: one cheap test in the common case.
      const what = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      throw new Error(`${fn}: ${name} row ${Math.floor(i / cols)} has ${what} (column ${i % cols})`);
    }
  }
  return data instanceof Float64Array ? { data, rows, cols } : { data: Float64Array.from(data), rows, cols };
}

/** Throws "fn: a has 3 columns but b has 2" when two sample sets live in different dimensions. */
export function checkSameCols(fn: string, aName: string, a: Matrix, bName: string, b: Matrix): void {
  if (a.cols !== b.cols) throw new Error(`${fn}: ${aName} has ${a.cols} columns but ${bName} has ${b.cols}`);
}

/** Throws "fn: name needs at least min rows (why), got n". */
export function checkMinRows(fn: string, name: string, m: Matrix, min: number, why: string): void {
  if (m.rows < min) throw new Error(`${fn}: ${name} needs at least ${min} rows (${why}), got ${m.rows}`);
}

/** Throws "fn: name needs more than k=3 rows, got 2": a k-NN radius needs k neighbours besides the point itself. */
export function checkKnnRows(fn: string, name: string, m: Matrix, k: number): void {
  if (m.rows <= k) throw new Error(`${fn}: ${name} needs more than k=${k} rows, got ${m.rows}`);
}

/** Throws unless k is a positive integer. */
export function checkK(fn: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new Error(`${fn}: k must be a positive integer, got ${k}`);
}

/**
 * CSV (RFC 4180 quoting) into a feature matrix of numbers and category codes, and optional class labels.
 * Browser-safe: takes the file's text, not a path.
 */

export interface CsvOptions {
  /** File name used in error messages. */
  source: string;
  /** Column holding class labels: 0-based index (negative counts from the end, -1 = last) or header name. */
  labelColumn?: number | string;
  /** Whether the first row names the columns; 'auto' (default) decides from its content. */
  header?: boolean | 'auto';
  /**
   * Feature columns read as categories (0-based index in the row, negative from the end, or header name),
   * e.g. numeric codes. A column in which no cell is a number is categorical without being named.
   */
  categorical?: (number | string)[];
}

/** Distinct values a categorical column may have: more is an identifier or free text, not a category. */
export const MAX_CATEGORIES = 64;

export interface CsvTable {
  /** Names of the feature columns (header names, or col1, col2, ... without a header). */
  columns: string[];
  rows: number;
  cols: number;
  /** [rows, cols] row-major features; a categorical column holds the index of its category. */
  data: Float64Array;
  /** [cols] the category names of each categorical feature column (ordered as labelNames are), null for a number column. */
  categories: (string[] | null)[];
  /** [rows] class index of each row, or null without labelColumn. */
  labels: Int32Array | null;
  /** Label text of each class index: numerically sorted if every label is a number, else in order of first appearance. */
  labelNames: string[] | null;
  /** The label column's name (header name, or colN) and 0-based position in a row; null without labelColumn. */
  labelColumn: { name: string; index: number } | null;
}

interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

/** The largest finite float32, 3.4028234663852886e38, to float32 precision. */
const FLOAT32_MAX_TEXT = '3.4028235e+38';
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

function isNumber(field: string): boolean {
  return NUMBER.test(field);
}

/**
 * Parses CSV text. Fields are trimmed; quoted fields may hold commas, newlines and "" for a quote.
 * Blank lines are skipped; CRLF, LF and CR line ends and a leading byte-order mark are accepted.
 * With header 'auto', the first row is a header when one of its fields is text above a number, or, in a
 * feature column, text that never appears again in its column (see looksLikeHeader).
 * Throws an Error naming the source, the 1-based line number and the column for any bad cell, including
 * finite values beyond ±3.4028235e38, which float32 (the training dtype) cannot hold.
 */
export function parseCsv(text: string, opts: CsvOptions): CsvTable {
  const src = opts.source;
  const records = splitRecords(text, src);
  if (records.length === 0) throw new Error(`${src}: file is empty (no rows)`);
  const first = records[0]!;
  const ncols = first.fields.length;

  let header = opts.header ?? 'auto';
  if (typeof opts.labelColumn === 'string') {
    if (header === false) throw new Error(`${src}: labelColumn '${opts.labelColumn}' is a column name, but header is false`);
    header = true;
  }
  const labelIdx = typeof opts.labelColumn === 'number' ? resolveIndex(opts.labelColumn, ncols, src) : -1;
  if (header === 'auto') header = looksLikeHeader(first.fields, records.slice(1), labelIdx);

  const names = header ? first.fields : Array.from({ length: ncols }, (_, c) => `col${c + 1}`);
  const body = header ? records.slice(1) : records;
  let label = labelIdx;
  if (typeof opts.labelColumn === 'string') {
    label = names.indexOf(opts.labelColumn);
    if (label < 0) throw new Error(`${src}: labelColumn '${opts.labelColumn}' is not in the header (columns: ${names.map((n) => `'${n}'`).join(', ')})`);
  }
  if (body.length === 0) throw new Error(`${src}: header row but no data rows`);
  if (ncols - (label >= 0 ? 1 : 0) === 0) throw new Error(`${src}: no numeric columns (the only column is the label column)`);

  const featureCols: number[] = [];
  for (let c = 0; c < ncols; c++) if (c !== label) featureCols.push(c);
  const colName = (c: number): string => (header ? `column '${names[c]}'` : `column ${c + 1}`);
  const rows = body.length;
  const cols = featureCols.length;
  for (const rec of body) {
    if (rec.fields.length !== ncols) throw new Error(`${src}: row ${rec.line} has ${rec.fields.length} fields, expected ${ncols}`);
  }
  const named = new Set((opts.categorical ?? []).map((c) => resolveCategorical(c, names, header === true, ncols, src)));
  if (named.has(label)) throw new Error(`${src}: ${colName(label)} is the label column; it cannot also be categorical`);
  const data = new Float64Array(rows * cols);
  const categories: (string[] | null)[] = [];
  const isText = (f: string): boolean => f !== '' && !isNumber(f) && !NON_FINITE.test(f);
  for (let j = 0; j < cols; j++) {
    const c = featureCols[j]!;
    const allText = body.every((rec) => rec.fields[c] === '' || isText(rec.fields[c]!)) && body.some((rec) => rec.fields[c] !== '');
    if (named.has(c) || allText) {
      categories.push(readCategories(body, c, (line) => `${src}: row ${line}, ${colName(c)}`, (r, k) => (data[r * cols + j] = k)));
      continue;
    }
    categories.push(null);
    for (let r = 0; r < rows; r++) {
      const f = body[r]!.fields[c]!;
      const where = `${src}: row ${body[r]!.line}, ${colName(c)}`;
      if (f === '') throw new Error(`${where}: empty cell, expected a number`);
      if (NON_FINITE.test(f)) throw new Error(`${where}: '${f}' is not a finite number`);
      if (!isNumber(f)) throw new Error(`${where}: '${f}' is not a number`);
      const v = Number(f);
      if (!Number.isFinite(v)) throw new Error(`${where}: '${f}' is not a finite number`);
      const single = Math.fround(v);
      if (single - single !== 0) throw new Error(`${where}: '${f}' does not fit float32 (its largest finite value is ${FLOAT32_MAX_TEXT})`);
      data[r * cols + j] = v;
    }
  }

  let labels: Int32Array | null = null;
  let labelNames: string[] | null = null;
  if (label >= 0) {
    const raw = body.map((rec) => {
      const f = rec.fields[label]!;
      if (f === '') throw new Error(`${src}: row ${rec.line}, ${colName(label)}: empty label`);
      return f;
    });
    ({ labels, labelNames } = encodeLabels(raw));
  }
  const labelColumn = label >= 0 ? { name: names[label]!, index: label } : null;
  return { columns: featureCols.map((c) => names[c]!), rows, cols, data, categories, labels, labelNames, labelColumn };
}

/** The 0-based position of a column named in `categorical`. */
function resolveCategorical(c: number | string, names: string[], header: boolean, ncols: number, src: string): number {
  if (typeof c === 'number') {
    const i = c < 0 ? ncols + c : c;
    if (!Number.isInteger(c) || i < 0 || i >= ncols) throw new Error(`${src}: categorical column ${c} is out of range for ${ncols} columns (expected ${-ncols}..${ncols - 1})`);
    return i;
  }
  const i = header ? names.indexOf(c) : -1;
  if (i < 0) throw new Error(`${src}: categorical column '${c}' is not in the header (columns: ${names.map((n) => `'${n}'`).join(', ')})`);
  return i;
}

/** Category codes of column c (written with `put(rowIndex, code)`) and the category names; at most MAX_CATEGORIES. */
function readCategories(body: CsvRecord[], c: number, where: (line: number) => string, put: (r: number, code: number) => void): string[] {
  const seen = new Set<string>();
  for (const rec of body) {
    const f = rec.fields[c]!;
    if (f === '') throw new Error(`${where(rec.line)}: empty cell, expected a category`);
    seen.add(f);
    if (seen.size > MAX_CATEGORIES) {
      throw new Error(`${where(rec.line)}: '${f}' is the ${MAX_CATEGORIES + 1}th distinct value; a categorical column may have at most ${MAX_CATEGORIES} (an identifier or free text cannot be learned as categories)`);
    }
  }
  const { labels, labelNames } = encodeLabels(body.map((rec) => rec.fields[c]!));
  for (let r = 0; r < labels.length; r++) put(r, labels[r]!);
  return labelNames;
}

function resolveIndex(index: number, ncols: number, src: string): number {
  const i = index < 0 ? ncols + index : index;
  if (!Number.isInteger(index) || i < 0 || i >= ncols) {
    throw new Error(`${src}: labelColumn ${index} is out of range for ${ncols} columns (expected ${-ncols}..${ncols - 1})`);
  }
  return i;
}

/**
 * A text cell is evidence of a header when the cell below it is a number (a named number column), or, in a
 * feature column, when its text never appears again in the column (a name, not a category). A text label above
 * a text label is data: a class may occur once. A single-row file has a header when any cell is text.
 */
function looksLikeHeader(row: string[], rest: CsvRecord[], labelIdx: number): boolean {
  for (let c = 0; c < row.length; c++) {
    const cell = row[c]!;
    if (isNumber(cell)) continue;
    if (rest.length === 0 || isNumber(rest[0]!.fields[c] ?? '')) return true;
    if (c !== labelIdx && !rest.some((rec) => rec.fields[c] === cell)) return true;
  }
  return false;
}

/** Class indices of label strings; numeric labels are compared as numbers ("1" and "1.0" are one class). */
function encodeLabels(raw: string[]): { labels: Int32Array; labelNames: string[] } {
  const numeric = raw.every(isNumber);
  const key = (s: string): string => (numeric ? String(Number(s)) : s);
  const firstSeen = new Map<string, string>();
  for (const s of raw) if (!firstSeen.has(key(s))) firstSeen.set(key(s), s);
  const keys = [...firstSeen.keys()];
  if (numeric) keys.sort((a, b) => Number(a) - Number(b));
  const index = new Map(keys.map((k, i) => [k, i]));
  const labels = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) labels[i] = index.get(key(raw[i]!))!;
  return { labels, labelNames: keys.map((k) => firstSeen.get(k)!) };
}

/** Splits text into records of trimmed fields, honouring quotes; skips blank lines. */
function splitRecords(text: string, src: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let sawQuote = false;
    for (;;) {
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      let field: string;
      if (text[j] === '"') {
        sawQuote = true;
        let value = '';
        j++;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new Error(`${src}: row ${start}: quoted field is never closed`);
          value += text.slice(j, q);
          for (let k = j; k < q; k++) if (text[k] === '\n' || (text[k] === '\r' && text[k + 1] !== '\n')) line++;
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        if (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') {
          throw new Error(`${src}: row ${line}: unexpected '${text[j]}' after a closing quote`);
        }
        field = value.trim();
      } else {
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        field = text.slice(i, j).trim();
      }
      fields.push(field);
      i = j;
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '' && !sawQuote)) records.push({ line: start, fields });
  }
  return records;
}

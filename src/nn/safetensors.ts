/**
 * The safetensors checkpoint format (https://github.com/huggingface/safetensors), F32 and F64 only:
 *   8 bytes  u64 little-endian N
 *   N bytes  UTF-8 JSON object {"__metadata__"?: {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}}
 *            padded with spaces so that the data buffer starts 8-byte aligned
 *   rest     data buffer: each tensor's elements row-major, little-endian; offsets are relative to it and
 *            the tensors tile it exactly (no gaps, no overlaps, no trailing bytes).
 * The reader trusts nothing in the file: every size is checked against the buffer before anything is
 * allocated, and every failure is a SafetensorsError. Browser-safe; file I/O is in src/node/checkpointFile.ts.
 */
import { readFloatsLE, writeFloatsLE } from './floatBytes.js';

export type SafeDType = 'float32' | 'float64';

/** One tensor: data holds shapeSize(shape) elements, row-major; shape [] is a scalar. */
export interface NamedArray {
  dtype: SafeDType;
  shape: number[];
  data: Float32Array | Float64Array;
}

export class SafetensorsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SafetensorsError';
  }
}

/** How a framing error (bytes not laid out as safetensors at all) begins, after the function name. */
export const NOT_SAFETENSORS = 'not a safetensors file';

/** Header size limit of the reference implementation; a larger header is refused before it is read. */
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

const FILE_DTYPE: Record<SafeDType, string> = { float32: 'F32', float64: 'F64' };
const ITEM_SIZE: Record<SafeDType, 4 | 8> = { float32: 4, float64: 8 };
const FROM_FILE_DTYPE: Record<string, SafeDType> = { F32: 'float32', F64: 'float64' };
/** Dtypes other writers produce: named in errors as "not supported" rather than "unknown". */
const OTHER_DTYPES = new Set([
  'BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2',
  'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'I64', 'U64', 'C64',
]);
const METADATA_KEY = '__metadata__';
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Serializes tensors (and optional string metadata) to safetensors bytes. Like the reference writer,
 * data is laid out by descending item size, then by name (code-point order), so every tensor starts
 * aligned to its item size; the header lists tensors in that order with "__metadata__" first.
 * Names must be non-empty, well-formed strings other than "__metadata__". NaN and ±Infinity are stored as is.
 */
export function encodeSafetensors(tensors: Record<string, NamedArray>, metadata?: Record<string, string>): Uint8Array {
  const fn = 'encodeSafetensors';
  if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors)) {
    throw new SafetensorsError(`${fn}: tensors must be an object mapping names to {dtype, shape, data}, got ${describe(tensors)}`);
  }
  const entries: { name: string; t: NamedArray; size: 4 | 8 }[] = [];
  for (const [name, t] of Object.entries(tensors)) entries.push({ name, t, size: checkNamedArray(fn, name, t) });
  entries.sort((a, b) => b.size - a.size || compareCodePoints(a.name, b.name));

  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`"${METADATA_KEY}":${metadataJson(fn, metadata)}`);
  let offset = 0;
  for (const { name, t } of entries) {
    const end = offset + t.data.byteLength;
    parts.push(`${JSON.stringify(name)}:{"dtype":"${FILE_DTYPE[t.dtype]}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { t } of entries) {
    writeFloatsLE(t.data, out, at);
    at += t.data.byteLength;
  }
  return out;
}

/**
 * Parses safetensors bytes into fresh, aligned Float32Array/Float64Array copies (the input is not kept).
 * Tensors come back in file order (except that JS objects list integer-like names first). Throws SafetensorsError naming what was expected and what the file holds,
 * for any malformed input and for dtypes other than F32/F64. opts.maxHeaderBytes (default 100 MB) caps
 * the JSON header. Unknown fields inside a tensor entry are ignored, as the reference reader does.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  opts: { maxHeaderBytes?: number } = {},
): { tensors: Record<string, NamedArray>; metadata: Record<string, string> } {
  const fn = 'decodeSafetensors';
  const fail: Fail = (msg) => {
    throw new SafetensorsError(`${fn}: ${msg}`);
  };
  // Framing errors: the bytes are not laid out as a safetensors file at all (e.g. random bytes).
  const notSafetensors: Fail = (msg) => fail(`${NOT_SAFETENSORS} (${msg})`);
  if (!(bytes instanceof Uint8Array)) fail(`bytes must be a Uint8Array, got ${describe(bytes)}`);
  const maxHeader = opts.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (!Number.isSafeInteger(maxHeader) || maxHeader < 0) fail(`opts.maxHeaderBytes must be a non-negative integer, got ${describe(maxHeader)}`);
  if (bytes.length < 8) notSafetensors(`buffer holds ${bytes.length} bytes, but a safetensors file starts with an 8-byte header length`);

  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(maxHeader)) {
    (n64 > BigInt(bytes.length - 8) ? notSafetensors : fail)(`header length ${n64} exceeds the limit of ${maxHeader} bytes`);
  }
  const headerLength = Number(n64);
  if (headerLength > bytes.length - 8) {
    notSafetensors(`header length ${headerLength} runs past the end of the buffer (${bytes.length - 8} bytes follow the length field)`);
  }
  if (headerLength === 0 || bytes[8] !== 0x7b) {
    notSafetensors(`header must be a JSON object starting with '{', got ${headerLength === 0 ? 'an empty header' : `first byte 0x${bytes[8]!.toString(16).padStart(2, '0')}`}`);
  }
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    notSafetensors(`header (bytes 8..${8 + headerLength}) is not valid UTF-8`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    notSafetensors(`header is not valid JSON: ${(e as Error).message}`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(`header must be a JSON object, got ${describe(header)}`);

  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const infos: TensorInfo[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) readMetadata(fail, entry, metadata);
    else infos.push(readTensorInfo(fail, name, entry, dataLength));
  }

  // The tensors must tile [0, dataLength) exactly: sort by offsets, then walk a cursor along the buffer.
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let prev: TensorInfo | null = null;
  for (const info of infos) {
    if (info.begin < cursor) fail(`tensor ${quote(info.name)} ${range(info)} overlaps tensor ${quote(prev!.name)} ${range(prev!)}`);
    if (info.begin > cursor) {
      fail(`data bytes [${cursor}, ${info.begin}) ${prev === null ? 'before the first tensor' : `between ${quote(prev.name)} and ${quote(info.name)}`} belong to no tensor`);
    }
    cursor = info.end;
    prev = info;
  }
  if (cursor !== dataLength) fail(`trailing data bytes [${cursor}, ${dataLength}) belong to no tensor (the last tensor ends at ${cursor})`);

  const tensors: Record<string, NamedArray> = {};
  for (const info of infos) {
    const count = (info.end - info.begin) / ITEM_SIZE[info.dtype];
    const data = info.dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
    readFloatsLE(bytes, dataStart + info.begin, data);
    define(tensors, info.name, { dtype: info.dtype, shape: info.shape, data });
  }
  return { tensors, metadata };
}

interface TensorInfo {
  name: string;
  dtype: SafeDType;
  shape: number[];
  begin: number;
  end: number;
}

type Fail = (msg: string) => never;

/** Validates one header entry against the data buffer length; allocates nothing proportional to the data. */
function readTensorInfo(fail: Fail, name: string, entry: unknown, dataLength: number): TensorInfo {
  const where = `tensor ${quote(name)}`;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    fail(`${where}: entry must be an object {dtype, shape, data_offsets}, got ${describe(entry)}`);
  }
  const e = entry as Record<string, unknown>;
  for (const key of ['dtype', 'shape', 'data_offsets']) {
    if (!Object.hasOwn(e, key)) fail(`${where}: entry is missing "${key}"`);
  }
  const fileDtype = e['dtype'];
  if (typeof fileDtype !== 'string') fail(`${where}: "dtype" must be a string such as "F32", got ${describe(fileDtype)}`);
  const dtype = Object.hasOwn(FROM_FILE_DTYPE, fileDtype as string) ? FROM_FILE_DTYPE[fileDtype as string]! : undefined;
  if (dtype === undefined) {
    const kind = OTHER_DTYPES.has(fileDtype as string) ? 'is not supported' : 'is unknown';
    fail(`${where}: dtype ${describe(fileDtype)} ${kind}; only "F32" and "F64" can be decoded`);
  }
  const shape = e['shape'];
  if (!Array.isArray(shape)) fail(`${where}: "shape" must be an array of non-negative integers, got ${describe(shape)}`);
  let elements = 1;
  for (let i = 0; i < (shape as unknown[]).length; i++) {
    const d = (shape as unknown[])[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      fail(`${where}: shape[${i}] must be a non-negative integer, got ${describe(d)}`);
    }
    elements *= d as number;
  }
  const offsets = e['data_offsets'];
  if (!Array.isArray(offsets) || offsets.length !== 2) fail(`${where}: "data_offsets" must be [begin, end], got ${describe(offsets)}`);
  const [begin, end] = offsets as unknown[];
  for (const [label, v] of [['begin', begin], ['end', end]] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      fail(`${where}: data_offsets ${label} must be a non-negative integer, got ${describe(v)}`);
    }
  }
  const b = begin as number;
  const en = end as number;
  if (b > en) fail(`${where}: data_offsets [${b}, ${en}] has begin > end`);
  if (en > dataLength) fail(`${where}: data_offsets end ${en} is beyond the data buffer of ${dataLength} bytes`);
  // elements may be huge or Infinity for a hostile shape; the comparison is still exact for sizes <= dataLength.
  const need = elements * ITEM_SIZE[dtype!];
  if (need !== en - b) {
    fail(`${where}: shape [${(shape as number[]).join(',')}] of ${fileDtype} needs ${need} bytes, but data_offsets [${b}, ${en}] span ${en - b}`);
  }
  return { name, dtype: dtype!, shape: (shape as number[]).slice(), begin: b, end: en };
}

function readMetadata(fail: Fail, entry: unknown, out: Record<string, string>): void {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    fail(`"${METADATA_KEY}" must be an object mapping strings to strings, got ${describe(entry)}`);
  }
  for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
    if (typeof v !== 'string') fail(`"${METADATA_KEY}" value for key ${quote(k)} must be a string, got ${describe(v)}`);
    define(out, k, v as string);
  }
}

/** Checks one input tensor of encodeSafetensors; returns its item size. */
function checkNamedArray(fn: string, name: string, t: NamedArray): 4 | 8 {
  if (name === '' || name === METADATA_KEY || LONE_SURROGATE.test(name)) {
    throw new SafetensorsError(`${fn}: tensor name must be a non-empty, well-formed string other than "${METADATA_KEY}", got ${JSON.stringify(name)}`);
  }
  const where = `${fn}: tensor ${quote(name)}`;
  if (t === null || typeof t !== 'object') throw new SafetensorsError(`${where} must be {dtype, shape, data}, got ${describe(t)}`);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new SafetensorsError(`${where}: dtype must be 'float32' or 'float64', got ${describe(t.dtype)}`);
  }
  const want = t.dtype === 'float32' ? Float32Array : Float64Array;
  if (!(t.data instanceof want)) throw new SafetensorsError(`${where}: dtype ${t.dtype} needs data as a ${want.name}, got ${typeName(t.data)}`);
  if (!Array.isArray(t.shape)) throw new SafetensorsError(`${where}: shape must be an array of non-negative integers, got ${describe(t.shape)}`);
  let elements = 1;
  for (let i = 0; i < t.shape.length; i++) {
    const d = t.shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new SafetensorsError(`${where}: shape[${i}] must be a non-negative integer, got ${describe(d)}`);
    }
    elements *= d;
  }
  if (elements !== t.data.length) {
    throw new SafetensorsError(`${where}: shape [${t.shape.join(',')}] holds ${elements} elements but data has ${t.data.length}`);
  }
  return ITEM_SIZE[t.dtype];
}

/** The "__metadata__" JSON object with keys in code-point order (deterministic bytes). */
function metadataJson(fn: string, metadata: Record<string, string>): string {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new SafetensorsError(`${fn}: metadata must be an object mapping strings to strings, got ${describe(metadata)}`);
  }
  const keys = Object.keys(metadata).sort(compareCodePoints);
  const parts: string[] = [];
  for (const k of keys) {
    const v: unknown = metadata[k];
    if (typeof v !== 'string') throw new SafetensorsError(`${fn}: metadata[${JSON.stringify(k)}] must be a string, got ${describe(v)}`);
    if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) {
      throw new SafetensorsError(`${fn}: metadata entry ${JSON.stringify(k)} holds a lone UTF-16 surrogate, which UTF-8 cannot store`);
    }
    parts.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Orders well-formed strings by Unicode code point (= UTF-8 byte order, the reference writer's order).
 * Plain UTF-16 comparison differs only between a surrogate and a unit in U+E000..U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;
}

/** Sets an own enumerable property even for names like "__proto__". */
function define<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function range(info: TensorInfo): string {
  return `[${info.begin}, ${info.end})`;
}

/** A name for an error message, cut short so that a hostile header cannot make the message huge. */
function quote(name: string): string {
  return `'${name.length > 80 ? `${name.slice(0, 77)}...` : name}'`;
}

function describe(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'bigint' ? `${v}n` : v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) s = typeName(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'object';
}

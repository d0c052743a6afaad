import { Bytes } from './bytes.js';
import type { Code } from './code.js';
import { ExternalKind, FUNC_TYPE, LIMITS_MIN_MAX, MODULE_HEADER, Section } from './opcodes.js';
import type { ValType } from './opcodes.js';

/** One exported function: parameters are locals 0…params.length−1, then `locals` follow. */
export interface FunctionSpec {
  name: string;
  params: readonly ValType[];
  results: readonly ValType[];
  locals: readonly ValType[];
  /** The body, closed with `end()`. */
  code: Code;
}

/** Memory imported as `module.field`, with a fixed size in 64 KiB pages (minimum = maximum). */
export interface MemoryImport {
  module: string;
  field: string;
  pages: number;
}

/**
 * The bytes of a module that imports one memory and exports the given functions:
 * header, then the type, import, function, export and code sections, each framed by its id
 * and byte size. Function i gets signature i (no deduplication: there are few).
 */
export function assembleModule(memory: MemoryImport | null, functions: readonly FunctionSpec[]): Uint8Array<ArrayBuffer> {
  const out = new Bytes().bytes(MODULE_HEADER);
  const section = (id: number, body: Bytes): void => { out.byte(id).sized(body); };

  const types = new Bytes().u32(functions.length);
  for (const f of functions) types.byte(FUNC_TYPE).u32(f.params.length).bytes(f.params).u32(f.results.length).bytes(f.results);
  section(Section.type, types);

  if (memory !== null) {
    const imports = new Bytes().u32(1).name(memory.module).name(memory.field)
      .byte(ExternalKind.memory).byte(LIMITS_MIN_MAX).u32(memory.pages).u32(memory.pages);
    section(Section.import, imports);
  }

  const signatures = new Bytes().u32(functions.length);
  functions.forEach((_, i) => signatures.u32(i));
  section(Section.function, signatures);

  const exports = new Bytes().u32(functions.length);
  functions.forEach((f, i) => exports.name(f.name).byte(ExternalKind.function).u32(i));
  section(Section.export, exports);

  const bodies = new Bytes().u32(functions.length);
  for (const f of functions) bodies.sized(new Bytes().bytes(localDeclarations(f.locals).toUint8Array()).bytes(f.code.bytes.toUint8Array()));
  section(Section.code, bodies);

  return out.toUint8Array();
}

/** Locals are declared as runs: a count of runs, then (count, type) per run of equal types. */
function localDeclarations(locals: readonly ValType[]): Bytes {
  const runs: [number, ValType][] = [];
  for (const t of locals) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === t) last[0]++;
    else runs.push([1, t]);
  }
  const b = new Bytes().u32(runs.length);
  for (const [count, t] of runs) b.u32(count).byte(t);
  return b;
}

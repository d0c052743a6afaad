/**
 * Command-line flags from a declarative table: `--name value`, `--name=value`, `--flag` / `--no-flag`
 * for switches. Every mistake throws a UsageError (exit code 2), worded for the person at the terminal.
 */

/** How a flag's text becomes a value. */
export type FlagKind =
  | 'positiveInt' // 1, 2, ...
  | 'count' // 0, 1, ...
  | 'int' // any safe integer
  | 'number' // any finite number
  | 'nonNegative' // finite, ≥ 0
  | 'positive' // finite, > 0
  | 'probability' // [0, 1]
  | 'string'
  | 'choice' // one of `choices`
  | 'switch'; // no value: --name sets true, --no-name sets false

export type FlagValue = string | number | boolean;

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  /** Placeholder in the usage text, e.g. 'N', 'PATH'. */
  meta?: string;
  /** The value when the flag is absent; undefined means "absent" (help shows `defaultText` instead). */
  default?: FlagValue;
  /** How the default reads in the usage text when it is not a constant, e.g. '128,128 for 2-D data, else 256,256'. */
  defaultText?: string;
  choices?: readonly string[];
  required?: boolean;
  /** Heading the flag is listed under in the usage text. */
  group?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The synopsis after "Usage: lrgan ". */
  synopsis: string;
  /** Paragraph shown under the synopsis in `lrgan help <command>`. */
  description?: string;
  flags: readonly FlagSpec[];
  /** Example command lines. */
  examples?: readonly string[];
}

/** A mistake in the command line; main prints it with the usage and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command: string | null = null) {
    super(message);
  }
}

export class ParsedFlags {
  constructor(
    readonly command: CommandSpec,
    private readonly values: Map<string, FlagValue>,
    /** Flags that appeared on the command line (not filled from defaults). */
    readonly given: ReadonlySet<string>,
  ) {}

  /** The same command with only the named flags (for checking them one at a time). */
  only(names: readonly string[]): ParsedFlags {
    const keep = new Set(names);
    const values = new Map([...this.values].filter(([k]) => keep.has(k)));
    return new ParsedFlags(this.command, values, new Set([...this.given].filter((k) => keep.has(k))));
  }

  /** Whether the flag has a value (given, or by default). */
  has(name: string): boolean {
    return this.values.has(this.spec(name).name);
  }

  /** The value of a number flag, or undefined when absent without a default. */
  number(name: string): number | undefined {
    const v = this.values.get(this.spec(name).name);
    if (v !== undefined && typeof v !== 'number') throw new Error(`ParsedFlags: --${name} is not a number flag`);
    return v;
  }

  string(name: string): string | undefined {
    const v = this.values.get(this.spec(name).name);
    if (v !== undefined && typeof v !== 'string') throw new Error(`ParsedFlags: --${name} is not a text flag`);
    return v;
  }

  switch(name: string): boolean {
    const v = this.values.get(this.spec(name).name);
    if (v !== undefined && typeof v !== 'boolean') throw new Error(`ParsedFlags: --${name} is not a switch`);
    return v ?? false;
  }

  private spec(name: string): FlagSpec {
    const s = this.command.flags.find((f) => f.name === name);
    if (s === undefined) throw new Error(`ParsedFlags: command ${this.command.name} has no flag --${name}`);
    return s;
  }
}

/** Whether argv asks for help (`--help` or `-h` anywhere before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** Parses argv (the words after the command name) against the command's flag table. */
export function parseFlags(command: CommandSpec, argv: readonly string[]): ParsedFlags {
  const byName = new Map(command.flags.map((f) => [f.name, f]));
  const values = new Map<string, FlagValue>();
  const given = new Set<string>();
  const fail = (msg: string): never => {
    throw new UsageError(msg, command.name);
  };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--') || word === '--') {
      fail(word === '--' ? `unexpected '--'` : `unexpected argument '${word}' (flags start with --)`);
    }
    const eq = word.indexOf('=');
    let name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    let inline = eq < 0 ? null : word.slice(eq + 1);
    let spec = byName.get(name);
    let negated = false;
    if (spec === undefined && name.startsWith('no-') && byName.get(name.slice(3))?.kind === 'switch') {
      spec = byName.get(name.slice(3))!;
      negated = true;
    }
    if (spec === undefined) fail(`unknown flag --${name} for '${command.name}'${suggest(name, command.flags)}`);
    name = spec!.name;
    if (given.has(name)) fail(`--${name} is given twice`);
    given.add(name);
    if (spec!.kind === 'switch') {
      if (inline !== null) fail(`--${word.slice(2, eq)} takes no value, got '${inline}'`);
      values.set(name, !negated);
      continue;
    }
    if (inline === null) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) fail(`--${name}: missing value (${expected(spec!)})`);
      inline = next!;
      i++;
    }
    values.set(name, convert(spec!, inline!, fail));
  }
  for (const f of command.flags) {
    if (!values.has(f.name) && f.default !== undefined) values.set(f.name, f.default);
    if (f.required && !values.has(f.name)) fail(`--${f.name} is required (${f.help})`);
  }
  return new ParsedFlags(command, values, given);
}

function expected(spec: FlagSpec): string {
  switch (spec.kind) {
    case 'positiveInt':
      return 'expected a positive integer';
    case 'count':
      return 'expected an integer ≥ 0';
    case 'int':
      return 'expected an integer';
    case 'number':
      return 'expected a number';
    case 'nonNegative':
      return 'expected a number ≥ 0';
    case 'positive':
      return 'expected a number > 0';
    case 'probability':
      return 'expected a number between 0 and 1';
    case 'choice':
      return `expected one of ${spec.choices!.join(', ')}`;
    default:
      return `expected ${spec.meta ?? 'a value'}`;
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function convert(spec: FlagSpec, text: string, fail: (msg: string) => never): FlagValue {
  const bad = (): never => fail(`--${spec.name}: ${expected(spec)}, got '${text}'`);
  switch (spec.kind) {
    case 'string':
      if (text === '') bad();
      return text;
    case 'choice':
      if (!spec.choices!.includes(text)) bad();
      return text;
    case 'switch':
      return bad();
  }
  if (!NUMBER.test(text)) bad();
  const v = Number(text);
  if (!Number.isFinite(v)) bad();
  const integer = Number.isSafeInteger(v);
  switch (spec.kind) {
    case 'positiveInt':
      if (!integer || v < 1) bad();
      break;
    case 'count':
      if (!integer || v < 0) bad();
      break;
    case 'int':
      if (!integer) bad();
      break;
    case 'nonNegative':
      if (v < 0) bad();
      break;
    case 'positive':
      if (v <= 0) bad();
      break;
    case 'probability':
      if (v < 0 || v > 1) bad();
      break;
  }
  return v;
}

/** " (did you mean --steps?)" for a near miss, else ''. */
function suggest(name: string, flags: readonly FlagSpec[]): string {
  const best = nearestName(name, flags.map((f) => f.name));
  return best === null ? '' : ` (did you mean --${best}?)`;
}

/** The candidate within about a third of `name`'s length in edits (a typo), or null. */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return bestDist <= Math.max(1, Math.ceil(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Full usage text of a command: synopsis, description, flags by group with defaults, examples. */
export function formatUsage(command: CommandSpec): string {
  const lines = [`Usage: lrgan ${command.synopsis}`, ''];
  if (command.description) lines.push(command.description, '');
  const label = (f: FlagSpec): string => {
    if (f.kind === 'switch') return `--${f.name}`;
    const meta = f.kind === 'choice' ? f.choices!.join('|') : (f.meta ?? 'X');
    return `--${f.name} ${meta}`;
  };
  const width = Math.min(30, Math.max(...command.flags.map((f) => label(f).length)) + 2);
  const groups: string[] = [];
  for (const f of command.flags) if (!groups.includes(f.group ?? 'Flags')) groups.push(f.group ?? 'Flags');
  for (const g of groups) {
    lines.push(`${g}:`);
    for (const f of command.flags.filter((x) => (x.group ?? 'Flags') === g)) {
      const l = label(f);
      // The default stays on one line: it is what people scan the help for.
      const words = f.help.split(' ');
      if (f.required) words.push('(required)');
      else if (f.defaultText !== undefined) words.push(`(default: ${f.defaultText})`);
      else if (f.default !== undefined && f.kind !== 'switch') words.push(`(default: ${f.default})`);
      const body = wrap(words, LINE_WIDTH - width - 2).join(`\n  ${' '.repeat(width)}`);
      lines.push(l.length + 2 > width ? `  ${l}\n  ${' '.repeat(width)}${body}` : `  ${l.padEnd(width)}${body}`);
    }
    lines.push('');
  }
  lines.push('  -h, --help'.padEnd(width + 2) + 'show this help', '');
  if (command.examples && command.examples.length > 0) {
    lines.push('Examples:');
    for (const e of command.examples) lines.push(`  ${e}`);
    lines.push('');
  }
  return lines.join('\n');
}

const LINE_WIDTH = 100;

/** Greedy word wrap to lines of at most `width` characters (a longer word gets its own line). */
function wrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of words) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      lines.push(cur);
      cur = word;
    } else {
      cur = cur === '' ? word : `${cur} ${word}`;
    }
  }
  lines.push(cur);
  return lines;
}

/** The short reminder printed with a usage error. */
export function shortUsage(command: CommandSpec): string {
  return `Usage: lrgan ${command.synopsis}\nRun 'lrgan help ${command.name}' for every flag.`;
}

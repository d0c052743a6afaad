import * as assert from 'uvu/assert';

/** Asserts that fn throws an Error whose message equals `expected` (a string) or matches it (a RegExp). */
export function throwsWith(fn: () => unknown, expected: string | RegExp): void {
  try {
    fn();
  } catch (e) {
    const message = (e as Error).message;
    if (typeof expected === 'string') assert.is(message, expected);
    else assert.match(message, expected);
    return;
  }
  assert.unreachable(`expected an error ${typeof expected === 'string' ? `"${expected}"` : `matching ${expected}`}`);
}

/** SHA-256 of bytes as 64 lowercase hex digits (node:crypto): how an adapter names its source checkpoint. */
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

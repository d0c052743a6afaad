/**
 * Checkpoint files on disk: atomic writes (a crash leaves either the old file or the new one, never
 * a torn mix) and safetensors read/write wrappers whose errors name the file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type NamedArray, SafetensorsError, decodeSafetensors, encodeSafetensors } from '../nn/safetensors.js';

/**
 * Writes bytes to path atomically: into `${path}.tmp-<pid>-<random>` in the same directory (so the
 * rename stays on one file system), fsync, then rename over path. On any failure the temp file is removed
 * and the error names path.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  let fd: number | null = null;
  let created = false;
  try {
    fd = openSync(tmp, 'wx');
    created = true;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
    created = false;
  } catch (e) {
    if (fd !== null) tryQuietly(() => closeSync(fd!));
    if (created) tryQuietly(() => unlinkSync(tmp));
    throw new Error(`writeFileAtomic: cannot write '${path}': ${(e as Error).message}`, { cause: e });
  }
  syncDirectory(dirname(path));
}

/** Reads and decodes a safetensors file; see decodeSafetensors. Errors name the path. */
export function readSafetensorsFile(
  path: string,
  opts?: { maxHeaderBytes?: number },
): { tensors: Record<string, NamedArray>; metadata: Record<string, string> } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`readSafetensorsFile: cannot read '${path}': ${(e as Error).message}`, { cause: e });
  }
  try {
    return decodeSafetensors(bytes, opts);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new SafetensorsError(`readSafetensorsFile: '${path}': ${e.message}`, { cause: e });
    throw e;
  }
}

/** Encodes tensors (see encodeSafetensors) and writes them to path atomically. Errors name the path. */
export function writeSafetensorsFile(path: string, tensors: Record<string, NamedArray>, metadata?: Record<string, string>): void {
  let bytes: Uint8Array;
  try {
    bytes = encodeSafetensors(tensors, metadata);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new SafetensorsError(`writeSafetensorsFile: '${path}': ${e.message}`, { cause: e });
    throw e;
  }
  writeFileAtomic(path, bytes);
}

/** Makes the rename itself durable; best effort, since some platforms (Windows) cannot open a directory. */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // The data is already safely in the file; only the directory entry's durability is unconfirmed.
  } finally {
    if (fd !== null) tryQuietly(() => closeSync(fd!));
  }
}

function tryQuietly(f: () => void): void {
  try {
    f();
  } catch {
    // Cleanup after an error that is already being reported.
  }
}

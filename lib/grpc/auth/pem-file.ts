import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../core/errors';

/** Reads a PEM file; the error names the flag and the file, never its contents. */
export function readPem(file: string, flag: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (err) {
    throw new InvalidArgumentError(flag, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  if (!pem.includes('-----BEGIN ')) throw new InvalidArgumentError(flag, `${file} is not a PEM file (no -----BEGIN line)`);
  return pem;
}

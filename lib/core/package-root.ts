import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder holding package.json. Code runs both from the sources (tsx, vitest) and from
 * dist/ after the build, so paths to shipped files (proto/, workloads/) are resolved from
 * here rather than from __dirname.
 */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`pg-autotune: package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/**
 * Regenerates proto/generated/ from the .proto files with proto-loader-gen-types, passing
 * the runtime loader's options (PROTO_LOADER_OPTIONS) so the types cannot drift from what
 * grpc-js decodes. Run with `npm run gen:proto`; CI fails when the committed output differs.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROTO_FILES, PROTO_LOADER_OPTIONS } from './loader-options';

const protoDir = __dirname;
const outDir = path.join(protoDir, 'generated');

function optionFlags(): string[] {
  const o = PROTO_LOADER_OPTIONS;
  const flags = [`--longs=${o.longs.name}`, `--enums=${o.enums.name}`];
  if (o.keepCase) flags.push('--keepCase');
  if (o.defaults) flags.push('--defaults');
  if (o.oneofs) flags.push('--oneofs');
  return flags;
}

rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    require.resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js'),
    // Files first: --includeDirs is an array flag and would swallow them.
    ...PROTO_FILES,
    ...optionFlags(),
    '--grpcLib=@grpc/grpc-js',
    `--outDir=${outDir}`,
    `--includeDirs=${protoDir}`,
  ],
  { stdio: 'inherit', cwd: protoDir },
);

// The generator writes each source's absolute path into a header comment; keep it relative
// so the committed output does not depend on where the checkout lives.
function relativizeHeaders(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) relativizeHeaders(file);
    else writeFileSync(file, readFileSync(file, 'utf8').split(`${protoDir}/`).join('proto/'));
  }
}
relativizeHeaders(outDir);

/**
 * The floor for bench:api: a grpc-js server that answers GetRecommendation with fixed bytes
 * and does nothing else (no store, no interceptors, no metrics, no logging). bench:api starts
 * it as a child process with the real service's answer on stdin, so the same client sends the
 * same calls and decodes the same answer; what the real service adds to latency is the
 * difference between the two, and what is left in the bare figure is grpc-js, HTTP/2 and the
 * machine. Prints its address as one JSON line on stdout once it is bound to a free loopback
 * port. Not a product part: run only by bench/api-bench.ts (`--floor`).
 */
import * as grpc from '@grpc/grpc-js';
import { autotuneV1 } from '../lib/grpc/autotune-proto';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function main(): Promise<void> {
  const answer = await readStdin();
  const method = autotuneV1().Recommendation.service.GetRecommendation;
  const server = new grpc.Server();
  // The request is decoded as the real service's is; the answer is the kept bytes, encoded by nobody.
  server.addService({ GetRecommendation: { ...method, responseSerialize: () => answer } }, { GetRecommendation: (_call: unknown, done: grpc.sendUnaryData<unknown>) => done(null, {}) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  console.log(JSON.stringify({ address: `127.0.0.1:${port}` }));
  process.once('SIGTERM', () => server.forceShutdown());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

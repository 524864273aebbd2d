/**
 * How run.ts and its measuring children talk: the job as JSON in argv[2],
 * the result as one `BENCH_RESULT {json}` line on stdout, exit 0 (or 1 with
 * the error on stderr). Each child runs in a process of its own so its peak
 * RSS and WASM thread count are its own.
 */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** A child's entry point: runs `job` from argv[2], prints the result line, exits. */
export function runAsChild<J, R>(what: string, job: (input: J) => Promise<R>): void {
  job(JSON.parse(process.argv[2] ?? '') as J).then(
    (result) => {
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
      // onnxruntime-web's worker threads keep the event loop alive.
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${what} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** The result line of a child's stdout, parsed; undefined when there is none. */
export function parseChildResult<T>(stdout: string): T | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  return line === undefined ? undefined : (JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
}

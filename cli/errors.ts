/**
 * Errors the CLI reports to people. A CliError's message is shown as is (no
 * stack): it must name the file involved and say what to do about it.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  /**
   * `code`: the errno code behind it, where what to do next depends on it
   * (a folder run stops at ENOSPC: every later page would fail the same way).
   */
  constructor(message: string, readonly exitCode: number = 1, readonly code?: string) {
    super(message);
  }
}

/** Exit codes: 0 success, 1 a page or the model failed, 2 bad command line, 130 interrupted (128 + SIGINT). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** The errno code of a Node system error, if it is one. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Errors the engine raises on bad input, with a stable machine-readable code. */

export type EngineInputErrorCode =
  | 'EMPTY_IMAGE'
  | 'BAD_SIZE'
  | 'BAD_BUFFER'
  | 'HINT_SIZE_MISMATCH'
  | 'BAD_OPTION'
  | 'TOO_LARGE';

export class EngineInputError extends Error {
  constructor(
    readonly code: EngineInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineInputError';
  }
}

/** The rejection for an aborted run: an Error named 'AbortError' (DOMException is missing in some hosts). */
export function abortError(reason?: unknown): Error {
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error(reason instanceof Error ? `Colorization aborted: ${reason.message}` : 'Colorization aborted');
  err.name = 'AbortError';
  return err;
}

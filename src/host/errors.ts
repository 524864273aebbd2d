/**
 * Every way a Colorize (or a Relight) can be refused or stopped, each with a message a person
 * can act on. The panel shows `message`; code is for tests and logic.
 */
export type HostErrorCode =
  | 'NO_DOCUMENT'
  | 'NOT_RGB'
  | 'BIT_DEPTH_32'
  | 'NO_ACTIVE_LAYER'
  | 'SEVERAL_ACTIVE_LAYERS'
  | 'LAYER_NOT_FOUND'
  | 'NOT_PIXEL_LAYER'
  | 'EMPTY_LINEART'
  | 'SELECTION_EMPTY'
  | 'HINT_LAYER_EXISTS'
  | 'NO_COLOUR_LAYER'
  | 'LOCKED_LAYER'
  | 'SAME_LAYER'
  | 'LOCKED_GROUP'
  | 'CANVAS_TOO_LARGE'
  | 'IMAGING_MISSING'
  | 'PHOTOSHOP_BUSY'
  | 'BAD_OPTION'
  | 'BAD_ACTION_INFO'
  | 'CANCELLED'
  | 'ENGINE_FAILED'
  | 'PHOTOSHOP_FAILED';

export class DeepcolorHostError extends Error {
  override readonly name = 'DeepcolorHostError';
  constructor(
    readonly code: HostErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** executeAsModal rejects with `number === 9` when another plugin or dialog holds the modal state. */
export function isModalBusyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { number?: unknown }).number === 9;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

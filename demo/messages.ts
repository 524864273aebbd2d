/** Turns any engine failure into one sentence a person at the page can act on (runs in the engine worker). */
import { BackendUnavailableError, ContractError, EngineInputError } from '../src/model';
import { DemoError } from './demo-error';

export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

export function describeError(err: unknown, backend: string | undefined): string {
  if (err instanceof DemoError) return err.message;
  if (err instanceof EngineInputError) {
    if (err.code === 'TOO_LARGE') return `This page is too large to colour in the browser. ${err.message}`;
    return `The picture could not be coloured: ${err.message}`;
  }
  if (err instanceof ContractError) return `The model files do not match this demo (${err.message}). Rebuild it with \`npm run demo\`.`;
  if (err instanceof BackendUnavailableError) return `${err.message} Open the page without ?backend=webgpu to let it choose.`;
  const detail = err instanceof Error ? err.message : String(err);
  if (backend === 'webgpu') {
    return `The graphics card stopped the colouring (${detail}). Try again, or add ?backend=wasm to the address to run on the CPU instead.`;
  }
  return `Something went wrong while colouring: ${detail}. Reload the page and try again.`;
}

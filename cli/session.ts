import { createColorizer, type Colorizer } from '../src/model/index';
import { openBackend, type CliBackendName } from './backends';
import type { ModelFiles } from './model-files';

/** One colorizer (one inference session) for the whole run; a batch reuses it for every page. */
export async function openColorizer(model: ModelFiles, backend: CliBackendName, threads: number): Promise<Colorizer> {
  const inference = await openBackend(backend, model, threads);
  return createColorizer({ contract: model.contract, backend: inference });
}

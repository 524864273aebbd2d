/**
 * Deepcolor engine: lineart + colour hint -> coloured page, on any
 * onnxruntime-web build the caller passes in. See .agents/COMMON.md for the
 * contract with the CLI, plugin, demo and bench.
 */
export type {
  RgbaImage,
  BackendName,
  InferenceBackend,
  ColorizeOptions,
  ColorizeProgress,
  ColorizeResult,
  Contract,
} from './types';
export { parseContract, ContractError } from './contract';
export { createWebBackend, BackendUnavailableError, type OrtModule, type WebBackendOptions, type BackendPreference } from './session';
export { createColorizer, MAX_PAGE_PIXELS, type Colorizer, type CreateColorizerOptions } from './colorize';
export { EngineInputError, type EngineInputErrorCode } from './errors';
export { preprocess, lineChannel, hintChannels } from './preprocess';
export { measureLineWidth, autoWorkingScale, MAX_WORKING_PIXELS } from './linewidth';

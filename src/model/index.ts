/**
 * Deepcolor engine: lineart + colour hint -> coloured page, on any
 * onnxruntime-web build the caller passes in. The preprocessing contract is
 * assets/deepcolor.json (written by training/export.py); the README shows the API.
 */
export type {
  RgbaImage,
  BackendName,
  InferenceBackend,
  ColorizeOptions,
  ColorizeProgress,
  ColorizeResult,
  Contract,
  AutoScalePolicy,
  LightDirection,
  ShadingOptions,
} from './types';
export { parseContract, ContractError, hasRegionFill } from './contract';
export { createWebBackend, BackendUnavailableError, type OrtModule, type WebBackendOptions, type BackendPreference } from './session';
export { createColorizer, checkImageSize, checkHintSize, MAX_PAGE_PIXELS, type Colorizer, type CreateColorizerOptions } from './colorize';
export { EngineInputError, type EngineInputErrorCode } from './errors';
export { preprocess, lineChannel, hintChannels } from './preprocess';
export { computeRegionFill, type RegionFill } from './regions';
export { labelPaperRegions, regionAt, MAX_GAP_RADIUS, PAPER_THRESHOLD, type RegionLabels } from './paper-regions';
export { measureLineWidth, autoWorkingScale, MAX_WORKING_PIXELS } from './linewidth';
export { measureInteriorDistance } from './interior-distance';
export { autoScaleFor } from './auto-scale';
export { flatsLayer, flatColour, DEFAULT_MIN_REGION_PIXELS, type FlatsOptions } from './flats';
export { shadeLayer, multiplyInPlace, keepShadingWhereColoured, checkShadingOptions, isLightDirection, lightFromText, LIGHT_DIRECTIONS, DEFAULT_SHADING_STRENGTH } from './form-shading';
export { warmUpPage, WARM_UP_PAGE_PX, type WarmUpPage } from './warm-up';
export { paperAsUnpainted, opaqueHintNote, PAPER_LEVEL } from './opaque-hint';
export { darkShare, invertedLineartNote, INVERTED_DARK_SHARE } from './inverted-lineart';
export { hasTransparency } from './opaque-hint';
export { clearedShare, mostlyClearedNote, MOSTLY_CLEARED } from './page-around';

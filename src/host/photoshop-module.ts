/**
 * The one place that loads the real `photoshop` module. Lazy, so that code
 * importing the host (tests, the panel before Photoshop is ready) does not
 * need it at import time.
 */
/// <reference path="./types-augment.d.ts" />
import type * as Photoshop from 'photoshop';
import type { PhotoshopApi } from './photoshop-api';

/**
 * Compile-time proof that the real module (as @types/photoshop plus
 * types-augment.d.ts declare it) offers everything the host uses, with
 * compatible signatures. If this stops compiling, the host is misusing the API.
 */
function asPhotoshopApi(module: typeof Photoshop): PhotoshopApi {
  return module;
}

export function loadPhotoshop(): PhotoshopApi {
  return asPhotoshopApi(require('photoshop') as typeof Photoshop);
}

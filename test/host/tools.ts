/**
 * The engine's network-free tools (flats, form shading) with the shipped
 * contract, as the panel loads them, and a host on a fake Photoshop with
 * them and a scripted network: what the Flats, Relight and selection tests run.
 */
import { createDeepcolorHost, type HostOptions } from '../../src/host';
import { flatsLayer, shadeLayer } from '../../src/model';
import type { RgbaImage, ShadingOptions } from '../../src/model/types';
import { createScriptedEngine } from '../fakes/engine';
import type { FakePhotoshop } from '../fakes/photoshop';
import { loadContract } from '../helpers/engine';

export const contract = loadContract();
export const flatter = (lineart: RgbaImage, hint: RgbaImage | undefined, options: { gapRadius?: number }): RgbaImage => flatsLayer(lineart, hint, contract, options);
export const shader = (lineart: RgbaImage, colour: RgbaImage, options: ShadingOptions): RgbaImage => shadeLayer(lineart, colour, contract, options);

export function toolHost(fake: FakePhotoshop, extra: Partial<HostOptions> = {}) {
  return createDeepcolorHost({ photoshop: fake.module, engine: createScriptedEngine(), flatter, shader, ...extra });
}

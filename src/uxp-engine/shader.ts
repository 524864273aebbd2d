/**
 * The form shading Relight runs inside Photoshop: the engine's shadeLayer
 * with the model's contract (its line weights and gap closing), read from
 * the plugin folder on first use. No model and no onnxruntime: Relight
 * never runs the network.
 */
import { parseContract, shadeLayer } from '../model';
import type { Shader } from '../host';
import { readPluginText } from './plugin-files';
import { PLUGIN_LAYOUT } from './plugin-layout';

export async function loadUxpShader(): Promise<Shader> {
  const contract = parseContract(JSON.parse(await readPluginText(PLUGIN_LAYOUT.contract)));
  return (lineart, colour, options) => shadeLayer(lineart, colour, contract, options);
}

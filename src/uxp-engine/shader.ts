/**
 * The network-free tools the host runs inside Photoshop, each with the
 * model's contract (its line weights and gap closing) read from the plugin
 * folder on first use: Relight's form shading (shadeLayer) and the flats
 * (flatsLayer). No model and no onnxruntime: neither runs the network.
 */
import { flatsLayer, parseContract, shadeLayer } from '../model';
import type { Contract } from '../model/types';
import type { Flatter, Shader } from '../host';
import { readPluginText } from './plugin-files';
import { PLUGIN_LAYOUT } from './plugin-layout';

async function loadContract(): Promise<Contract> {
  return parseContract(JSON.parse(await readPluginText(PLUGIN_LAYOUT.contract)));
}

export async function loadUxpShader(): Promise<Shader> {
  const contract = await loadContract();
  return (lineart, colour, options) => shadeLayer(lineart, colour, contract, options);
}

export async function loadUxpFlatter(): Promise<Flatter> {
  const contract = await loadContract();
  return (lineart, hint, options) => flatsLayer(lineart, hint, contract, options);
}

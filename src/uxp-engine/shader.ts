/**
 * The network-free tools the host runs inside Photoshop, each with the
 * model's contract (its line weights and gap closing) read from the plugin
 * folder on first use: Relight's form shading (shadeLayer) and the flats
 * (flatsLayer), sharing one read of the contract. No model and no
 * onnxruntime: neither runs the network.
 */
import { flatsLayer, parseContract, shadeLayer } from '../model';
import type { Contract } from '../model/types';
import type { Flatter, Shader } from '../host';
import { readPluginText } from './plugin-files';
import { PLUGIN_LAYOUT } from './plugin-layout';

/** The contract, read once for both tools (a failed read is tried again next time). */
let contract: Promise<Contract> | undefined;
function loadContract(): Promise<Contract> {
  contract ??= readPluginText(PLUGIN_LAYOUT.contract).then(
    (text) => parseContract(JSON.parse(text)),
    (error: unknown) => {
      contract = undefined;
      throw error;
    },
  );
  return contract;
}

export async function loadUxpShader(): Promise<Shader> {
  const loaded = await loadContract();
  return (lineart, colour, options) => shadeLayer(lineart, colour, loaded, options);
}

export async function loadUxpFlatter(): Promise<Flatter> {
  const loaded = await loadContract();
  return (lineart, hint, options) => flatsLayer(lineart, hint, loaded, options);
}

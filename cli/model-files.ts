import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseContract } from '../src/model/index';
import type { Contract } from '../src/model/types';
import { CliError, errnoCode, messageOf } from './errors';
import { packageRoot } from './package-root';

/** The generator's bytes plus the contract that describes them, checked against each other. */
export interface ModelFiles {
  readonly contract: Contract;
  readonly contractPath: string;
  readonly modelPath: string;
  readonly modelBytes: Uint8Array;
}

const REINSTALL = 'Restore it (`git checkout assets/`, or reinstall deepcolor) or pass --model path/to/deepcolor.onnx.';

/**
 * Where the model and contract live. Default: <package>/assets/deepcolor.json
 * and the .onnx it names. With --model X.onnx the contract is X.json next to
 * it unless --contract says otherwise.
 */
export function resolveModelPaths(modelOpt?: string, contractOpt?: string): { modelPath?: string; contractPath: string } {
  if (modelOpt) {
    const modelPath = path.resolve(modelOpt);
    const contractPath = contractOpt
      ? path.resolve(contractOpt)
      : path.join(path.dirname(modelPath), `${path.basename(modelPath, path.extname(modelPath))}.json`);
    return { modelPath, contractPath };
  }
  return { contractPath: contractOpt ? path.resolve(contractOpt) : path.join(packageRoot(), 'assets', 'deepcolor.json') };
}

/**
 * What to do about a missing contract that was looked for beside --model
 * (no --contract given): restoring deepcolor's own files would not help, the
 * model the artist brought needs its contract.
 */
const CONTRACT_BESIDE_MODEL =
  'With --model, the contract is the .json of the same name beside the model: put the model\'s contract there, or give its path with --contract path/to/contract.json.';

/** `missing`: the advice when the file does not exist (by default, restore deepcolor's own files). */
function readOrExplain(file: string, what: string, missing = REINSTALL): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') throw new CliError(`${what} "${file}" is missing. ${missing}`);
    if (code === 'EISDIR') throw new CliError(`${what} "${file}" is a folder, not a file. ${REINSTALL}`);
    throw new CliError(`${what} "${file}" cannot be read (${messageOf(err)}). ${REINSTALL}`);
  }
}

/** `besideModel`: the path was made from --model's (no --contract given). */
function readContract(contractPath: string, besideModel: boolean): Contract {
  const contractText = readOrExplain(contractPath, 'Model contract', besideModel ? CONTRACT_BESIDE_MODEL : REINSTALL);
  try {
    return parseContract(JSON.parse(contractText.toString('utf8')) as unknown);
  } catch (err) {
    throw new CliError(`Model contract "${contractPath}" is invalid: ${messageOf(err)}. ${REINSTALL}`);
  }
}

/** The contract alone (for work that does not run the network: relight's shading), found as loadModelFiles finds it. */
export function loadContractOnly(modelOpt?: string, contractOpt?: string): Contract {
  return readContract(resolveModelPaths(modelOpt, contractOpt).contractPath, Boolean(modelOpt) && !contractOpt);
}

export function loadModelFiles(modelOpt?: string, contractOpt?: string): ModelFiles {
  const paths = resolveModelPaths(modelOpt, contractOpt);
  const contractPath = paths.contractPath;
  // With an explicit --model, a wrong model path is the likelier mistake: report it before the contract.
  const explicitBytes = paths.modelPath ? readOrExplain(paths.modelPath, 'Model file') : undefined;
  const contract = readContract(contractPath, Boolean(modelOpt) && !contractOpt);

  const modelPath = paths.modelPath ?? path.resolve(path.dirname(contractPath), contract.model.file);
  const modelBytes = explicitBytes ?? readOrExplain(modelPath, 'Model file');
  if (modelBytes.length === 0) {
    throw new CliError(`Model file "${modelPath}" is empty (0 bytes). ${REINSTALL}`);
  }
  // A half-downloaded or overwritten .onnx would otherwise fail deep inside
  // onnxruntime with a protobuf message nobody can act on.
  const actual = crypto.createHash('sha256').update(modelBytes).digest('hex');
  if (actual !== contract.model.sha256.toLowerCase()) {
    throw new CliError(
      `Model file "${modelPath}" is corrupt or does not belong to "${contractPath}": its sha256 is ${actual}, ` +
        `the contract expects ${contract.model.sha256}. ${REINSTALL}`,
    );
  }
  return {
    contract,
    contractPath,
    modelPath,
    modelBytes: new Uint8Array(modelBytes.buffer, modelBytes.byteOffset, modelBytes.byteLength),
  };
}

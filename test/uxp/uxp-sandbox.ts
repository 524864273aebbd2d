/**
 * Runs a built plugin bundle the way Photoshop's UXP does, as far as Node can:
 * a fresh `vm` context with only UXP's globals (test/fakes/uxp.ts: no Worker,
 * no SharedArrayBuffer, no navigator.gpu, no fetch, no URL), a CommonJS
 * `require` that knows only 'photoshop', 'uxp' and 'fs', and scripts compiled
 * WITHOUT importModuleDynamically, so any dynamic import() rejects.
 *
 * The fakes live in Node's realm and the bundle in the context's realm; in
 * Photoshop there is one realm. The imaging bridge below copies typed arrays
 * across so `instanceof Uint8Array` means the same on both sides, as it
 * would in Photoshop; it changes no values.
 */
import * as fs from 'fs';
import * as vm from 'vm';
import type { FakePhotoshop } from '../fakes/photoshop';
import { createFakeUxp, createFakeUxpFs, uxpGlobalProfile, type FakeUxpModule } from '../fakes/uxp';

export interface UxpSandbox {
  readonly context: vm.Context;
  readonly uxp: FakeUxpModule;
  /** Every module name the bundle asked `require` for, in order. */
  readonly required: string[];
  /** Evaluates an expression in the bundle's realm. */
  evaluate<T>(code: string): T;
  global<T>(name: string): T;
}

const TYPED_ARRAYS = ['Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Float32Array'] as const;

function copyIntoRealm(value: unknown, realmCtor: (name: string) => new (source: ArrayLike<number>) => unknown): unknown {
  if (!ArrayBuffer.isView(value)) return value;
  const name = value.constructor.name;
  if (!(TYPED_ARRAYS as readonly string[]).includes(name)) return value;
  return new (realmCtor(name))(value as unknown as ArrayLike<number>);
}

/** The fake `photoshop` module with typed arrays crossing realms by copy (see the file comment). */
function bridgePhotoshop(photoshop: FakePhotoshop, context: vm.Context): unknown {
  const inner = (name: string) => vm.runInContext(name, context) as new (source: ArrayLike<number>) => unknown;
  const outer = (name: string) => (globalThis as unknown as Record<string, new (source: ArrayLike<number>) => unknown>)[name];
  const imaging = photoshop.module.imaging;
  if (!imaging) return photoshop.module;
  const bridgedImaging = {
    ...imaging,
    async getPixels(options: Parameters<typeof imaging.getPixels>[0]) {
      const result = await imaging.getPixels(options);
      const imageData = result.imageData;
      const view = new Proxy(imageData, {
        get(target, key) {
          if (key === 'getData') {
            return async (opts?: unknown) => copyIntoRealm(await (target.getData as (o?: unknown) => Promise<unknown>)(opts), inner);
          }
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      return { ...result, imageData: view };
    },
    createImageDataFromBuffer(buffer: unknown, options: unknown) {
      return (imaging.createImageDataFromBuffer as (b: unknown, o: unknown) => unknown)(copyIntoRealm(buffer, outer), options);
    },
  };
  return new Proxy(photoshop.module, {
    get(target, key) {
      if (key === 'imaging') return bridgedImaging;
      return Reflect.get(target, key, target) as unknown;
    },
  });
}

export function createUxpSandbox(options: { pluginFolder: string; photoshop: FakePhotoshop }): UxpSandbox {
  const context = vm.createContext(uxpGlobalProfile());
  // SharedArrayBuffer is a V8 builtin of every new context: remove it, as UXP has none.
  // A UXP panel's scripts see their global object as window/globalThis; nothing else is added.
  vm.runInContext('delete globalThis.SharedArrayBuffer; globalThis.window = globalThis;', context);
  const uxp = createFakeUxp({ pluginFolder: options.pluginFolder });
  const uxpFs = createFakeUxpFs({ pluginFolder: options.pluginFolder });
  const photoshopModule = bridgePhotoshop(options.photoshop, context);
  const required: string[] = [];
  const modules: Record<string, unknown> = { photoshop: photoshopModule, uxp, fs: uxpFs };
  context.require = (name: string): unknown => {
    required.push(name);
    if (!(name in modules)) throw new Error(`Cannot find module '${name}' (UXP offers photoshop, uxp, fs, os)`);
    return modules[name];
  };
  return {
    context,
    uxp,
    required,
    evaluate: <T>(code: string) => vm.runInContext(code, context) as T,
    global: <T>(name: string) => vm.runInContext(`globalThis[${JSON.stringify(name)}]`, context) as T,
  };
}

/** Loads a bundle as a classic script; compiled without importModuleDynamically, as UXP offers no module loader. */
export function runBundle(sandbox: UxpSandbox, bundlePath: string, filename = 'plugin:/index.js'): void {
  const script = new vm.Script(fs.readFileSync(bundlePath, 'utf8'), { filename });
  script.runInContext(sandbox.context);
}

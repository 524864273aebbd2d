/**
 * What UXP's JavaScript context lacks compared with Node and browsers, and a
 * small fake of the `uxp` module, for tests that run plugin code in a
 * UXP-like profile.
 *
 * UXP in Photoshop has WebAssembly but no Worker, no SharedArrayBuffer and no
 * navigator.gpu (none documented; DESIGN.md section 3). Typed by hand: the
 * @adobe/cc-ext-uxp-types declarations are global and clash with @types/node,
 * so they cannot be loaded into the Node test program.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import * as vm from 'vm';

/**
 * Host-provided globals a UXP plugin sees (JS intrinsics such as WebAssembly
 * come from the context itself). Deliberately without Worker and navigator.gpu.
 */
export function uxpGlobalProfile(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
    performance: { now: () => performance.now() },
    navigator: { userAgent: 'Photoshop UXP (fake)', language: 'en-US', hardwareConcurrency: 1 },
    ...extra,
  };
}

/**
 * A `vm` context shaped like UXP: the profile above, and SharedArrayBuffer
 * removed (it is a JS intrinsic, so every new context has it until deleted).
 * Created without importModuleDynamically, so a dynamic import() inside fails.
 */
export function createUxpVmContext(extra: Record<string, unknown> = {}): vm.Context {
  const context = vm.createContext(uxpGlobalProfile(extra));
  vm.runInContext('delete globalThis.SharedArrayBuffer;', context);
  return context;
}

const REMOVED_GLOBALS = ['Worker', 'SharedArrayBuffer'] as const;

/**
 * Makes the current (Node) global object look like UXP for the duration of a
 * test: removes Worker and SharedArrayBuffer and hides navigator.gpu. Returns
 * a function that restores everything.
 */
export function applyUxpGlobalProfile(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): () => void {
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const name of [...REMOVED_GLOBALS, 'navigator']) saved.set(name, Object.getOwnPropertyDescriptor(target, name));
  for (const name of REMOVED_GLOBALS) delete target[name];
  Object.defineProperty(target, 'navigator', {
    configurable: true,
    writable: true,
    value: { userAgent: 'Photoshop UXP (fake)', language: 'en-US', hardwareConcurrency: 1 },
  });
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(target, name, descriptor);
      else delete target[name];
    }
  };
}

/** Checks that a global object has the UXP profile (used to test the profile itself). */
export function describeMissingUxpFeatures(target: Record<string, unknown>): { worker: boolean; sharedArrayBuffer: boolean; webgpu: boolean } {
  const navigatorObject = target.navigator as { gpu?: unknown } | undefined;
  return {
    worker: typeof target.Worker === 'undefined',
    sharedArrayBuffer: typeof target.SharedArrayBuffer === 'undefined',
    webgpu: navigatorObject?.gpu === undefined,
  };
}

export interface FakeUxpFile {
  readonly name: string;
  readonly nativePath: string;
  read(options?: { format?: symbol }): Promise<string | ArrayBuffer>;
}

export interface FakeUxpFolder {
  readonly nativePath: string;
  getEntry(relativePath: string): Promise<FakeUxpFile>;
}

export interface FakeUxpModule {
  readonly host: { readonly name: string; readonly version: string };
  readonly versions: { readonly uxp: string; readonly plugin: string };
  readonly entrypoints: { setup(config: unknown): void; readonly config: unknown };
  readonly storage: {
    readonly formats: { readonly utf8: symbol; readonly binary: symbol };
    readonly localFileSystem: { getPluginFolder(): Promise<FakeUxpFolder> };
  };
}

/** The fake `uxp` module, serving the plugin folder from a directory on disk. */
export function createFakeUxp(options: { pluginFolder: string; photoshopVersion?: string }): FakeUxpModule {
  const formats = { utf8: Symbol('utf8'), binary: Symbol('binary') };
  let setupConfig: unknown = undefined;
  let setupCalled = false;
  const fileAt = (nativePath: string): FakeUxpFile => ({
    name: path.basename(nativePath),
    nativePath,
    async read(readOptions = {}) {
      const bytes = await fsp.readFile(nativePath);
      if (readOptions.format === formats.binary) return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      return bytes.toString('utf8');
    },
  });
  return {
    host: { name: 'Photoshop', version: options.photoshopVersion ?? '25.0.0' },
    versions: { uxp: 'uxp-7.3.0', plugin: '0.1.0' },
    entrypoints: {
      setup(config: unknown) {
        if (setupCalled) throw new Error('entrypoints.setup may be called only once');
        setupCalled = true;
        setupConfig = config;
      },
      get config() {
        return setupConfig;
      },
    },
    storage: {
      formats,
      localFileSystem: {
        async getPluginFolder() {
          return {
            nativePath: options.pluginFolder,
            async getEntry(relativePath: string) {
              const full = path.resolve(options.pluginFolder, relativePath);
              if (!full.startsWith(path.resolve(options.pluginFolder))) throw new Error('Outside the plugin folder');
              await fsp.access(full);
              return fileAt(full);
            },
          };
        },
      },
    },
  };
}

/** The fake `fs` module of UXP: `readFile('plugin:/x')` reads from the plugin folder. */
export function createFakeUxpFs(options: { pluginFolder: string }): { readFile(url: string, opts?: { encoding?: string }): Promise<ArrayBuffer | string> } {
  return {
    async readFile(url, opts = {}) {
      const match = /^plugin:\/+(.*)$/.exec(url);
      if (!match) throw new Error(`The fake fs reads plugin:/ URLs only, not ${url}`);
      const full = path.resolve(options.pluginFolder, match[1]);
      if (!full.startsWith(path.resolve(options.pluginFolder))) throw new Error('Outside the plugin folder');
      const bytes = await fsp.readFile(full);
      if (opts.encoding) return bytes.toString(opts.encoding as BufferEncoding);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    },
  };
}

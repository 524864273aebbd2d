/**
 * Reads files shipped inside the plugin folder as bytes. UXP's built-in `fs`
 * module understands `plugin:/` paths (manifest permission localFileSystem:
 * "plugin" is enough) and resolves to an ArrayBuffer when no encoding is
 * given. Nothing here fetches: UXP's fetch does not serve plugin files, and
 * onnxruntime-web must never try to.
 */
/** The part of UXP's `fs` used here (the Node typings of 'fs' do not describe it). */
interface UxpFileSystem {
  readFile(path: string, options?: { encoding?: string }): Promise<ArrayBuffer | ArrayBufferView | string>;
}

// webpack keeps `fs` external (commonjs2), so at run time this is UXP's own module.
const fs = require('fs') as UxpFileSystem;

export class PluginFileError extends Error {
  constructor(path: string, cause: unknown) {
    super(
      `Could not read "${path}" from the plugin folder (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Reinstall the plugin: the package may be incomplete.',
    );
    this.name = 'PluginFileError';
  }
}

/** `relativePath` is relative to the plugin root, e.g. 'assets/deepcolor.onnx'. */
export async function readPluginBytes(relativePath: string): Promise<Uint8Array> {
  const path = `plugin:/${relativePath}`;
  let content: ArrayBuffer | ArrayBufferView | string;
  try {
    content = await fs.readFile(path);
  } catch (error) {
    throw new PluginFileError(path, error);
  }
  if (typeof content === 'string') throw new PluginFileError(path, new Error('got text where bytes were expected'));
  // A view over the buffer made in this realm: onnxruntime-web checks `instanceof Uint8Array`.
  if (ArrayBuffer.isView(content)) return new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  return new Uint8Array(content);
}

export async function readPluginText(relativePath: string): Promise<string> {
  const path = `plugin:/${relativePath}`;
  try {
    const content = await fs.readFile(path, { encoding: 'utf-8' });
    if (typeof content === 'string') return content;
    return new TextDecoderLite().decode(ArrayBuffer.isView(content) ? new Uint8Array(content.buffer, content.byteOffset, content.byteLength) : new Uint8Array(content));
  } catch (error) {
    throw new PluginFileError(path, error);
  }
}

/** ASCII/UTF-8 decoding for small JSON files where TextDecoder may be missing. */
class TextDecoderLite {
  decode(bytes: Uint8Array): string {
    if (typeof TextDecoder !== 'undefined') return new TextDecoder('utf-8').decode(bytes);
    let text = '';
    for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return decodeURIComponent(escape(text));
  }
}

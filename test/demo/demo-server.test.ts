/**
 * scripts/demo-server.js, the `npm run demo` server, over real HTTP on a
 * temporary folder (no build, no browser).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

interface DemoServerModule {
  DEFAULT_PORT: number;
  startDemoServer(options: { port: number; root?: string }): Promise<{ server: http.Server; port: number; url: string; close(): Promise<void> }>;
  parseArgs(argv: string[]): { port: number; build: 'auto' | 'force' | 'never'; help: boolean };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const demoServer = require('../../scripts/demo-server.js') as DemoServerModule;
const SCRIPT = path.resolve(__dirname, '../../scripts/demo-server.js');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: the path goes out exactly as written (no URL normalisation by a client). */
function request(port: number, rawPath: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo server', () => {
  let root: string;
  let outside: string;
  let server: Awaited<ReturnType<DemoServerModule['startDemoServer']>>;

  beforeAll(async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'deepcolor-demo-server-'));
    root = path.join(base, 'site');
    outside = path.join(base, 'secret.txt');
    fs.mkdirSync(path.join(root, 'ort'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>demo</title>');
    fs.writeFileSync(path.join(root, 'ort', 'ort.webgpu.bundle.min.mjs'), 'export const x = 1;');
    fs.writeFileSync(path.join(root, 'ort', 'runtime.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    fs.writeFileSync(path.join(root, 'demo.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'model.json'), '{}');
    fs.writeFileSync(path.join(root, 'page.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    fs.writeFileSync(outside, 'do not serve');
    server = await demoServer.startDemoServer({ port: 0, root });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 only', () => {
    const address = server.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1', port: server.port });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/ort/runtime.wasm', 'application/wasm'],
    ['/ort/ort.webgpu.bundle.min.mjs', 'text/javascript; charset=utf-8'],
    ['/demo.js', 'text/javascript; charset=utf-8'],
    ['/model.json', 'application/json; charset=utf-8'],
    ['/page.png', 'image/png'],
  ])('serves %s as %s, cross-origin isolated', async (urlPath, type) => {
    const reply = await request(server.port, urlPath);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(type);
    expect(reply.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(reply.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(reply.headers['cross-origin-resource-policy']).toBe('same-origin');
    const file = urlPath === '/' ? 'index.html' : urlPath.slice(1);
    expect(reply.body.equals(fs.readFileSync(path.join(root, file)))).toBe(true);
  });

  it('ignores the query string (the page reads ?maxSide= itself)', async () => {
    const reply = await request(server.port, '/?maxSide=64&workingScale=1');
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toContain('<title>demo</title>');
  });

  it('answers HEAD with headers and no body', async () => {
    const reply = await request(server.port, '/ort/runtime.wasm', 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe('8');
    expect(reply.body.length).toBe(0);
  });

  it('answers 404 for missing files, still with the isolation headers', async () => {
    const reply = await request(server.port, '/nope.js');
    expect(reply.status).toBe(404);
    expect(reply.headers['cross-origin-embedder-policy']).toBe('require-corp');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/ort/..%2f..%2fsecret.txt', '/%00index.html'])('never serves files outside its folder: %s', async (rawPath) => {
    const reply = await request(server.port, rawPath);
    expect(reply.status).toBe(404);
    expect(reply.body.toString()).not.toContain('do not serve');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const reply = await request(server.port, '/', 'POST');
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });
});

describe('npm run demo arguments', () => {
  it('defaults to port 8791 and an automatic build', () => {
    expect(demoServer.DEFAULT_PORT).toBe(8791);
    expect(demoServer.parseArgs([])).toEqual({ port: 8791, build: 'auto', help: false });
  });

  it('takes --port N, --port=N, --rebuild and --no-build', () => {
    expect(demoServer.parseArgs(['--port', '9000']).port).toBe(9000);
    expect(demoServer.parseArgs(['--port=0']).port).toBe(0);
    expect(demoServer.parseArgs(['--rebuild']).build).toBe('force');
    expect(demoServer.parseArgs(['--no-build']).build).toBe('never');
  });

  it.each([[['--port', 'abc']], [['--port']], [['--port', '70000']], [['--port', '-1']], [['--verbose']]])('rejects %j', (argv) => {
    expect(() => demoServer.parseArgs(argv)).toThrow(/--port needs a whole number from 0 to 65535|Unknown option/);
  });

  it('exits with status 2 and the usage on a bad port, without building', () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--port', 'eighty'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--port needs a whole number from 0 to 65535, got "eighty"');
    expect(run.stderr).toContain('Usage: npm run demo -- [--port N]');
  });

  it('says which port to try when the port is taken', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = spawnSync(process.execPath, [SCRIPT, '--no-build', '--port', String(port)], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Port ${port} is already in use. Pick another: npm run demo -- --port ${port + 1}`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

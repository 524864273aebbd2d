// Merges the WebGPU and PyTorch halves into one gpu-<date>.json; a missing half is recorded as such.
import fs from 'node:fs';

const [webgpuFile, torchFile, outFile] = process.argv.slice(2);
const read = (f) => {
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch (err) {
    return { error: `${f}: ${err.message}` };
  }
};
const webgpu = read(webgpuFile);
const torch = read(torchFile);
const gpuName = (torch.device && torch.device !== 'cpu' ? torch.device : undefined) ?? webgpu.adapter?.description ?? 'unknown';
const figures = { ...(webgpu.figures ?? {}), ...(torch.figures ?? {}) };
const ratio = (a, b) => (figures[a] && figures[b] ? Number((figures[a].median / figures[b].median).toFixed(2)) : null);
const mode = webgpu.mode ?? 'unknown';
const result = {
  schema: 1,
  kind: 'gpu',
  date: new Date().toISOString(),
  gpu: gpuName,
  mode,
  goals: {
    page2048_webgpu_ms_target: 100,
    page2048_webgpu_ms: figures.page2048_webgpu_ms?.median ?? null,
    // Judged on a full run only: a tiny run's "page2048" is 64 px.
    met: mode === 'full' && figures.page2048_webgpu_ms ? figures.page2048_webgpu_ms.median <= 100 : null,
  },
  webgpu_over_torch: { tile512: ratio('tile512_webgpu_ms', 'tile512_torch_fp32_ms'), tile2048: ratio('tile2048_webgpu_ms', 'tile2048_torch_fp32_ms') },
  figures,
  webgpu,
  torch,
};
fs.writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${outFile}: ${Object.keys(figures).length} figures, gpu ${gpuName}`);

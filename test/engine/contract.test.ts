import * as fs from 'fs';
import { ContractError, hasRegionFill, parseContract } from '../../src/model';
import { CONTRACT_PATH } from '../helpers/engine';

type Json = Record<string, unknown>;

const raw = (): Json => JSON.parse(fs.readFileSync(CONTRACT_PATH, 'utf8')) as Json;

/** The shipped contract with the field at a dotted path replaced, or removed when `value` is undefined. */
function withField(dotted: string, value: unknown): Json {
  const json = raw();
  const keys = dotted.split('.');
  const last = keys.pop()!;
  let parent = json;
  for (const key of keys) {
    const child = parent[key];
    if (typeof child !== 'object' || child === null) throw new Error(`the shipped contract has no "${dotted}"`);
    parent = child as Json;
  }
  if (!(last in parent)) throw new Error(`the shipped contract has no "${dotted}"`);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return json;
}

describe('parseContract', () => {
  it('accepts the shipped assets/deepcolor.json and exposes its numbers', () => {
    const c = parseContract(raw());
    expect(c.input.name).toBe('input');
    expect(c.input.channels).toEqual(['line', 'hint_r', 'hint_g', 'hint_b', 'hint_mask', 'fill_r', 'fill_g', 'fill_b', 'fill_mask']);
    expect(hasRegionFill(c)).toBe(true);
    expect(c.output.range).toEqual([-1, 1]);
    expect(c.geometry.sizeMultiple).toBeGreaterThan(0);
    expect(c.geometry.tileOverlap * 2).toBeLessThan(c.geometry.tileSize);
  });

  it.each([
    ['a missing section', 'geometry', undefined, /"geometry" must be an object/],
    ['a wrong format tag', 'format', 'something-else', /"contract.format" must be "deepcolor-contract"/],
    ['a newer version', 'version', 3, /version 3 is not supported/],
    ['a missing input name', 'input.name', undefined, /"input.name" must be a non-empty string, got nothing \(missing\)/],
    ['a reordered channel list', 'input.channels', ['hint_mask', 'hint_b', 'hint_g', 'hint_r', 'line'], /"input.channels" must be/],
    ['luma weights that do not sum to 1', 'lineart.luma', [1, 1, 1], /"lineart.luma"/],
    ['a negative blur', 'hint.blurSigmaFraction', -1, /"hint.blurSigmaFraction" must be a non-negative number/],
    ['a non-integer size multiple', 'geometry.sizeMultiple', 31.5, /"geometry.sizeMultiple" must be a positive integer/],
    ['an overlap of half a tile', 'geometry.tileOverlap', (raw().geometry as Json).tileSize as number / 2, /tileOverlap.*less than half/],
    ['min scale above max scale', 'geometry.minWorkingScale', 4, /exceeds/],
    ['an unpremultiplied hint', 'hint.premultiplied', false, /"hint.premultiplied" must be true/],
    ['a string where a number belongs', 'geometry.lineWidthPx', '1.5', /"geometry.lineWidthPx" must be a positive number, got string/],
  ] as Array<[string, string, unknown, RegExp]>)('rejects %s with a ContractError naming the field', (_what, field, value, message) => {
    const j = withField(field, value);
    expect(() => parseContract(j)).toThrow(ContractError);
    expect(() => parseContract(j)).toThrow(message);
  });

  it('accepts a version 1 contract (hint channels only) and a version 2 one without the fill', () => {
    const v1 = { ...raw(), version: 1, input: { ...(raw().input as Json), channels: ['line', 'hint_r', 'hint_g', 'hint_b', 'hint_mask'] } };
    expect(hasRegionFill(parseContract(v1))).toBe(false);
    expect(hasRegionFill(parseContract({ ...v1, version: 2 }))).toBe(false);
  });

  it('rejects fill channels in a version 1 contract: that engine generation never made them', () => {
    expect(() => parseContract({ ...raw(), version: 1 })).toThrow(/"input.channels" must be \["line","hint_r","hint_g","hint_b","hint_mask"\] \(/);
  });

  it('reads the fill gap radius, and takes 0 (no gap closing) from contracts written before it', () => {
    expect(parseContract({ ...raw(), fill: { gapRadius: 3 } }).fill.gapRadius).toBe(3);
    const older = raw();
    delete older.fill;
    expect(parseContract(older).fill.gapRadius).toBe(0);
  });

  it.each([-1, 1.5, 17, '2'])('rejects the fill gap radius %p with a ContractError naming the field', (gapRadius) => {
    expect(() => parseContract({ ...raw(), fill: { gapRadius } })).toThrow(/"fill.gapRadius" must be an integer from 0 to 16/);
  });

  it("reads the 'auto' working-scale policy, and none (stroke widths) from contracts written before it", () => {
    expect(parseContract(raw()).geometry.autoScale).toEqual({ by: 'interior-and-stroke', percentile: 0.9, interiorPx: 16, strokePx: 3, exponent: 0.75, maxScale: 1 });
    expect(parseContract(withField('geometry.autoScale', undefined)).geometry.autoScale).toBeUndefined();
  });

  it.each([
    ['geometry.autoScale', 'wide', /"geometry.autoScale" must be an object/],
    ['geometry.autoScale.by', 'line-width', /"geometry.autoScale.by" must be "interior-and-stroke"/],
    ['geometry.autoScale.percentile', 1.5, /"geometry.autoScale.percentile" must be a number from 0 to 1/],
    ['geometry.autoScale.interiorPx', 0, /"geometry.autoScale.interiorPx" must be a positive number/],
    ['geometry.autoScale.strokePx', -3, /"geometry.autoScale.strokePx" must be a positive number/],
    ['geometry.autoScale.exponent', -0.5, /"geometry.autoScale.exponent" must be a positive number/],
    ['geometry.autoScale.maxScale', '1', /"geometry.autoScale.maxScale" must be a positive number/],
  ])('rejects %s = %p with a ContractError naming the field', (field, value, message) => {
    expect(() => parseContract(withField(field, value))).toThrow(message);
  });

  it('rejects something that is not an object', () => {
    expect(() => parseContract(null)).toThrow(/expected a JSON object, got null/);
    expect(() => parseContract([1])).toThrow(ContractError);
  });
});

import * as fs from 'fs';
import { ContractError, parseContract } from '../../src/model';
import { CONTRACT_PATH } from '../helpers/engine';

const raw = (): Record<string, any> => JSON.parse(fs.readFileSync(CONTRACT_PATH, 'utf8'));

describe('parseContract', () => {
  it('accepts the shipped assets/deepcolor.json and exposes its numbers', () => {
    const c = parseContract(raw());
    expect(c.input.name).toBe('input');
    expect(c.input.channels).toEqual(['line', 'hint_r', 'hint_g', 'hint_b', 'hint_mask']);
    expect(c.output.range).toEqual([-1, 1]);
    expect(c.geometry.sizeMultiple).toBeGreaterThan(0);
    expect(c.geometry.tileOverlap * 2).toBeLessThan(c.geometry.tileSize);
  });

  it.each([
    ['a missing section', (j: any) => delete j.geometry, /"geometry" must be an object/],
    ['a wrong format tag', (j: any) => (j.format = 'something-else'), /"contract.format" must be "deepcolor-contract"/],
    ['a newer version', (j: any) => (j.version = 2), /version 2 is not supported/],
    ['a missing input name', (j: any) => delete j.input.name, /"input.name" must be a non-empty string, got nothing \(missing\)/],
    ['a reordered channel list', (j: any) => j.input.channels.reverse(), /"input.channels" must be/],
    ['luma weights that do not sum to 1', (j: any) => (j.lineart.luma = [1, 1, 1]), /"lineart.luma"/],
    ['a negative blur', (j: any) => (j.hint.blurSigmaFraction = -1), /"hint.blurSigmaFraction" must be a non-negative number/],
    ['a non-integer size multiple', (j: any) => (j.geometry.sizeMultiple = 31.5), /"geometry.sizeMultiple" must be a positive integer/],
    ['an overlap of half a tile', (j: any) => (j.geometry.tileOverlap = 256), /tileOverlap.*less than half/],
    ['min scale above max scale', (j: any) => (j.geometry.minWorkingScale = 4), /exceeds/],
    ['an unpremultiplied hint', (j: any) => (j.hint.premultiplied = false), /"hint.premultiplied" must be true/],
    ['a string where a number belongs', (j: any) => (j.geometry.lineWidthPx = '1.5'), /"geometry.lineWidthPx" must be a positive number, got string/],
  ])('rejects %s with a ContractError naming the field', (_what, mutate, message) => {
    const j = raw();
    mutate(j);
    expect(() => parseContract(j)).toThrow(ContractError);
    expect(() => parseContract(j)).toThrow(message);
  });

  it('rejects something that is not an object', () => {
    expect(() => parseContract(null)).toThrow(/expected a JSON object, got null/);
    expect(() => parseContract([1])).toThrow(ContractError);
  });
});

import { addAgencyMapping, formatAgencyMapJson, isAgencyCode, parseAgencyMap } from './agency-codes';
import { createDefaultUnitRegistry, loadDefaultUnitRegistry } from './default-registry';
import { AgencyConflictError, InvalidAgencyCodeError, UnknownUnitError } from './unit-errors';

describe('agency codes', () => {
  it('recognises the mã định danh format', () => {
    expect(isAgencyCode('000.00.00.H49')).toBe(true);
    expect(isAgencyCode('000.00.01.H22')).toBe(true);
    expect(isAgencyCode('000.00.01')).toBe(false);
    expect(isAgencyCode('000.00.00.h49')).toBe(false);
  });

  it('loads the example mappings shipped in agency-codes.json', () => {
    const registry = loadDefaultUnitRegistry();
    expect(registry.unitForAgency('000.00.00.H49')).toBe('22');
    expect(registry.get(registry.unitForAgency('000.00.00.H49') ?? '', '2025-07-01')?.name).toBe('Tỉnh Quảng Ninh');
    expect(registry.agencies()).not.toHaveProperty('$comment');
  });

  it('registers agencies on a registry', () => {
    const registry = createDefaultUnitRegistry();
    registry.registerAgency('000.00.15.H49', '193');
    expect(registry.unitForAgency('000.00.15.H49')).toBe('193');
    expect(registry.unitForAgency('000.00.16.H49')).toBeUndefined();
    registry.registerAgency('000.00.15.H49', '193'); // same pair again: fine
    expect(() => registry.registerAgency('000.00.15.H49', '22')).toThrow(AgencyConflictError);
    registry.registerAgency('000.00.15.H49', '22', { replace: true });
    expect(registry.unitForAgency('000.00.15.H49')).toBe('22');
    expect(() => registry.registerAgency('H49', '22')).toThrow(InvalidAgencyCodeError);
    expect(() => registry.registerAgency('000.00.17.H49', '99999')).toThrow(UnknownUnitError);
    // Isolated from the shared registry.
    expect(loadDefaultUnitRegistry().unitForAgency('000.00.15.H49')).toBeUndefined();
  });

  describe('addAgencyMapping (map-agency command core)', () => {
    const units = { hasCode: (c: string) => ['22', '193'].includes(c) };
    const file = { $comment: 'examples', '000.00.00.H49': '22' };

    it('adds a mapping and returns a sorted copy, comments first', () => {
      const result = addAgencyMapping(file, ' 000.00.01.h49 ', '193', units);
      expect(result).toMatchObject({ agencyCode: '000.00.01.H49', unitCode: '193', changed: true });
      expect(Object.keys(result.json)).toEqual(['$comment', '000.00.00.H49', '000.00.01.H49']);
      expect(file).not.toHaveProperty('000.00.01.H49'); // input untouched
      expect(formatAgencyMapJson(result.json)).toMatch(/^\{\n {2}"\$comment": "examples",\n[\s\S]*\}\n$/);
    });

    it('is idempotent and refuses silent overwrites', () => {
      expect(addAgencyMapping(file, '000.00.00.H49', '22', units)).toMatchObject({ changed: false, previous: '22' });
      expect(() => addAgencyMapping(file, '000.00.00.H49', '193', units)).toThrow(AgencyConflictError);
      expect(addAgencyMapping(file, '000.00.00.H49', '193', units, { replace: true })).toMatchObject({
        changed: true,
        previous: '22',
      });
    });

    it('validates the agency code, the unit code and the file', () => {
      expect(() => addAgencyMapping(file, '000.00.H49', '22', units)).toThrow(InvalidAgencyCodeError);
      expect(() => addAgencyMapping(file, '000.00.02.H49', '77', units)).toThrow(UnknownUnitError);
      expect(() => parseAgencyMap([])).toThrow();
      expect(() => parseAgencyMap({ 'not-a-code': '22' })).toThrow(InvalidAgencyCodeError);
      expect(() => parseAgencyMap({ '000.00.00.H49': 22 })).toThrow();
    });
  });
});

import fc from 'fast-check';
import { loadDefaultUnitRegistry } from './default-registry';

describe('hierarchy properties (fast-check)', () => {
  const registry = loadDefaultUnitRegistry();

  describe.each(['2024-12-31', '2025-06-30', '2025-07-01'])('on %s', (date) => {
    const all = registry.units(date);
    const anyUnit = fc.constantFrom(...all);

    it("every child's parent is the unit", () => {
      fc.assert(
        fc.property(anyUnit, (unit) =>
          registry.children(unit.code, date).every((child) => registry.parent(child.code, date)?.code === unit.code),
        ),
      );
    });

    it('the ancestor chain ends at a province and every ancestor contains the unit', () => {
      fc.assert(
        fc.property(anyUnit, (unit) => {
          const chain = [unit, ...registry.ancestors(unit.code, date)];
          const top = chain[chain.length - 1];
          return (
            top.level === 'province' &&
            chain.slice(1).every((a) => registry.isInSubtree(unit.code, a.code, date)) &&
            chain.slice(0, -1).every((u, i) => u.parentCode === chain[i + 1].code)
          );
        }),
      );
    });
  });

  it.each(['2024-12-31', '2025-06-30'])('every unit of %s resolves to a unit valid after the reform', (recordedOn) => {
    const old = fc.constantFrom(...registry.units(recordedOn));
    fc.assert(
      fc.property(old, fc.constantFrom('2025-07-01', '2025-12-31'), (unit, to) => {
        const { unit: target } = registry.resolveForReport(unit.code, to, { recordedOn });
        return registry.get(target.code, to) === target;
      }),
    );
  });
});

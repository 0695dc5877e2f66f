import { chooseHierarchy, unknownUnitMessage } from './hierarchy-at';
import { loadDefaultUnitRegistry } from './default-registry';

const registry = loadDefaultUnitRegistry();

describe('chooseHierarchy (hierarchyAt)', () => {
  it('reports a window under the hierarchy of its `to` date by default', () => {
    const choice = chooseHierarchy(registry, '2024-03-31');
    expect(choice).toMatchObject({ ok: true, on: '2024-03-31', era: { id: registry.eraOn('2024-03-31')?.id } });
  });

  it('reports an old window under a later hierarchy when asked', () => {
    const choice = chooseHierarchy(registry, '2024-03-31', '2025-07-01');
    expect(choice).toMatchObject({ ok: true, on: '2025-07-01', era: { id: registry.eraOn('2025-07-01')?.id } });
    expect(registry.eraOn('2025-07-01')?.id).not.toBe(registry.eraOn('2024-03-31')?.id);
  });

  it('refuses an older hierarchy than the one of `to`, and a bad date, naming hierarchyAt', () => {
    expect(chooseHierarchy(registry, '2025-08-31', '2024-01-01')).toMatchObject({
      ok: false,
      parameter: 'hierarchyAt',
      message: expect.stringContaining('older than the hierarchy valid on to'),
    });
    expect(chooseHierarchy(registry, '2024-03-31', '2024-02-30')).toMatchObject({
      ok: false,
      parameter: 'hierarchyAt',
    });
  });
});

describe('unknownUnitMessage', () => {
  it('names the successor of a province merged in 07/2025 (Đắk Nông → Lâm Đồng)', () => {
    expect(registry.get('67', '2025-07-01')).toBeUndefined();
    const message = unknownUnitMessage(registry, '67', '2025-07-01', 'units-2025-07-01.v1');
    expect(message).toMatch(/^unit 67 does not exist in the hierarchy valid on 2025-07-01/);
    expect(message).toContain('its successor: 68 ');
  });

  it('says unknown for a code no hierarchy has', () => {
    expect(unknownUnitMessage(registry, '999', '2025-07-01', 'x')).toContain(': unknown unit');
  });
});

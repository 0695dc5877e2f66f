import { targetLabel, targetPercent } from './targets';

describe('target labels', () => {
  it('print a share as a Vietnamese percentage without trailing zeros', () => {
    expect(targetLabel(0.9)).toBe('Mục tiêu 90 %');
    expect(targetPercent(0.925)).toBe('92,5 %');
    expect(targetPercent(0.85)).toBe('85 %');
    expect(targetPercent(1)).toBe('100 %');
  });
});

import { expiredDossierLogChunks } from './dossier-log.retention';

const chunk = (dossierId: string, k: number, day: string) => ({
  _id: `${dossierId}|${k}`,
  dossierId,
  writtenAt: new Date(`${day}T00:00:00Z`),
});

describe('dossier log retention', () => {
  it('deletes whole dossiers whose newest chunk is older than the cutoff, never part of one', () => {
    const chunks = [
      chunk('A', 0, '2020-01-01'),
      chunk('A', 1, '2020-02-01'),
      chunk('B', 0, '2020-01-01'),
      chunk('B', 1, '2024-06-01'), // B is still active: its old chunk 0 stays (readers walk 0, 1, 2…)
      chunk('C', 0, '2023-12-31'),
    ];
    expect(expiredDossierLogChunks(chunks, new Date('2024-01-01T00:00:00Z')).sort()).toEqual(['A|0', 'A|1', 'C|0']);
    expect(expiredDossierLogChunks(chunks, new Date('2019-01-01T00:00:00Z'))).toEqual([]);
  });
});

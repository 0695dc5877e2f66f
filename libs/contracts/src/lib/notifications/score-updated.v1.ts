/** Published by the scoring service on `score.updated.v1` (key: `${ruleSet}|${unitCode}`). */
export interface ScoreUpdatedV1 {
  readonly schema: 'score.updated.v1';
  readonly ruleSet: string;
  readonly ruleSetVersion: string;
  readonly unitCode: string;
  readonly from: string;
  readonly to: string;
  readonly score: number;
  readonly maxScore: number;
  /** Id of the stored score (reproducible with its rule-set version). */
  readonly scoreId: string;
  readonly computedAt: string;
}

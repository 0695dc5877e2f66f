import { sendRaw, type RawRequest, type RawResponse } from './raw-http';

/** One generated hostile request and what a correct service answers. */
export interface HostileCase {
  /** What was broken, e.g. `events/wrongType:eventId`: failures are grouped by it. */
  label: string;
  request: RawRequest;
  expect: {
    status: number;
    /** Text the answer must contain: the field, the parameter or the rule it broke. */
    mentions: string;
  };
}

export interface HostileReport {
  sent: number;
  /** Answers by status code. */
  statuses: Record<number, number>;
  /** Answers that were not what `expect` says (5xx, wrong 4xx, field not named) or no answer at all. */
  failures: string[];
}

/**
 * Sends every case (a few at a time) and checks each answer: the expected status, and the
 * expected mention somewhere in the body. A dropped connection or a timeout is a failure.
 */
export async function runHostileCases(
  baseUrl: string,
  cases: readonly HostileCase[],
  options: { concurrency?: number; check?: (c: HostileCase, r: RawResponse) => string | undefined } = {},
): Promise<HostileReport> {
  const report: HostileReport = { sent: 0, statuses: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const hostile = cases[next++];
      report.sent++;
      let failure: string | undefined;
      try {
        const response = await sendRaw(baseUrl, hostile.request);
        report.statuses[response.status] = (report.statuses[response.status] ?? 0) + 1;
        failure = checkAnswer(hostile, response) ?? options.check?.(hostile, response);
      } catch (error) {
        failure = `no answer: ${(error as Error).message}`;
      }
      if (failure) report.failures.push(`${hostile.label}: ${failure}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return report;
}

function checkAnswer(hostile: HostileCase, response: RawResponse): string | undefined {
  const shown = response.text.length > 300 ? `${response.text.slice(0, 300)}…` : response.text;
  if (response.status !== hostile.expect.status)
    return `expected ${hostile.expect.status}, got ${response.status} ${shown}`;
  if (!response.text.includes(hostile.expect.mentions))
    return `the answer does not mention ${JSON.stringify(hostile.expect.mentions)}: ${shown}`;
  return undefined;
}

/** "4,500 requests: 422 × 3,900, 400 × 500, …" for the test log and docs/reliability.md. */
export function describeHostileReport(name: string, report: HostileReport): string {
  const statuses = Object.entries(report.statuses)
    .sort(([, a], [, b]) => b - a)
    .map(([status, count]) => `${status} × ${count}`)
    .join(', ');
  return `[hostile] ${name}: ${report.sent} requests, ${statuses}; ${report.failures.length} not as expected`;
}

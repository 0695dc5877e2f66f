import { Controller, Get, Inject, Query, Req, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { LocalDate } from '@dossier-ledger/calendar';
import {
  ApiError,
  assertUnitInScope,
  CurrentPrincipal,
  Roles,
  UnitScopeChecker,
  type Principal,
  todayInVietnam,
} from '@dossier-ledger/platform';
import { chooseHierarchy, unknownUnitMessage, type UnitRegistry } from '@dossier-ledger/units';
import type { Request, Response } from 'express';
import { UNIT_REGISTRY } from '../hierarchy/hierarchy.tokens';
import { ReportChangeHub } from './report-change-hub';
import {
  ReportStreamSubscription,
  type ReportStreamMessage,
  type ReportStreamTiming,
} from './report-stream.subscription';
import { resolveStreamUnit, UnitSubtree, type StreamUnit } from './unit-subtree';

/** 250 ms: a burst gives ≤ 4 messages a second, and a change waits at most that long here. */
export const REPORT_STREAM_TIMING: ReportStreamTiming = { coalesceMs: 250, keepAliveMs: 15_000 };

const EXAMPLE =
  'retry: 3000\n: following unit 001 in units-2025-06-30.v1\n\n' +
  'event: report.updated\nid: 1\ndata: {"era":"units-2025-06-30.v1","unit":"001","units":{"00004":["2024-03-05"],"001":["2024-03-05","2024-03-09"]}}\n\n' +
  ': keep-alive\n\n';

@ApiTags('reports')
@Controller('v1/reports')
export class ReportStreamController implements BeforeApplicationShutdown {
  /** Enders of the open streams. */
  private readonly open = new Set<() => void>();

  constructor(
    private readonly hub: ReportChangeHub,
    @Inject(UNIT_REGISTRY) private readonly registry: UnitRegistry,
    private readonly scope: UnitScopeChecker,
  ) {}

  @Get('stream')
  @Roles('read')
  @ApiOperation({
    summary: 'Live notifications: which units and days of a unit’s subtree changed (Server-Sent Events)',
    description:
      'An open `text/event-stream`. After any event that changes a figure in the subtree of `unit`, a `report.updated` message ' +
      '(data: `{era, unit, units: {unitCode: [yyyy-MM-dd, …]}}`) names the changed units — the unit itself and its changed ' +
      'descendants — and the local days whose day counters changed; read the figures with GET /v1/reports/dossiers. Changes ' +
      'are gathered for 250 ms, so a burst gives few messages; a `: keep-alive` comment comes every 15 s. The unit is read in ' +
      'today’s hierarchy, or, when it no longer exists (a district after 07/2025), in the latest hierarchy that has it. ' +
      'Messages are not replayed after a reconnection (`Last-Event-ID` is ignored): re-read the report on reconnect. See docs/live.md.',
  })
  @ApiQuery({
    name: 'unit',
    required: true,
    description: 'GSO code of the unit (or a registered agency code)',
    example: '001',
  })
  @ApiQuery({
    name: 'hierarchyAt',
    required: false,
    description: 'Follow the unit in the hierarchy valid on this date (YYYY-MM-DD) instead of today’s',
    example: '2025-07-01',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The event stream',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: EXAMPLE } },
  })
  @ApiBadRequestResponse({ description: 'Missing or unknown unit: the message names `unit`' })
  stream(
    @Query('unit') code: unknown,
    @Query('hierarchyAt') hierarchyAt: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): void {
    if (typeof code !== 'string' || code === '') throw unitError('unit is required (a unit code)');
    const target =
      hierarchyAt === undefined
        ? resolveStreamUnit(this.registry, code, todayInVietnam())
        : this.unitAt(code, hierarchyAt);
    if (!target) throw unitError(`unit: unknown unit ${code} in any hierarchy`);
    assertUnitInScope(principal, target.unit.code, target.on, this.scope);

    response.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    const write = (text: string) => {
      if (!response.writableEnded && !response.destroyed) response.write(text);
    };
    write(`retry: 3000\n: following unit ${target.unit.code} in ${target.era}\n\n`);
    let id = 0;
    const subscription = new ReportStreamSubscription(
      this.hub,
      new UnitSubtree(this.registry, target.era, target.unit.code, target.on),
      {
        message: (message: ReportStreamMessage) =>
          write(`event: report.updated\nid: ${++id}\ndata: ${JSON.stringify(message)}\n\n`),
        comment: (text) => write(`: ${text}\n\n`),
      },
      REPORT_STREAM_TIMING,
    );
    const end = () => {
      subscription.close();
      this.open.delete(end);
      if (!response.writableEnded) response.end();
    };
    this.open.add(end);
    request.on('close', end);
  }

  /** The unit in the hierarchy valid on `hierarchyAt`: 400 naming the parameter, or the unit's successors. */
  private unitAt(code: string, hierarchyAt: unknown): StreamUnit {
    const on = typeof hierarchyAt === 'string' ? hierarchyAt : '';
    const choice = chooseHierarchy(this.registry, on, on);
    if (!choice.ok) throw new ApiError(400, choice.message, [{ parameter: 'hierarchyAt', message: choice.message }]);
    const unitCode = this.registry.get(code, on) ? code : (this.registry.unitForAgency(code) ?? code);
    const unit = this.registry.get(unitCode, on);
    if (!unit) throw unitError(`unit: ${unknownUnitMessage(this.registry, unitCode, on, choice.era.id)}`);
    return { unit, era: choice.era.id, on: on as LocalDate };
  }

  /** A stream never ends by itself: the HTTP server's close would wait for it forever. */
  beforeApplicationShutdown(): void {
    for (const end of [...this.open]) end();
  }
}

function unitError(message: string): ApiError {
  return new ApiError(400, message, [{ parameter: 'unit', message }]);
}

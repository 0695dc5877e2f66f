import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Inject, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBadGatewayResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiError, CurrentPrincipal, Roles, type Principal, todayInVietnam } from '@dossier-ledger/platform';
import type { RuleSetCatalog } from '@dossier-ledger/scoring-rules';
import { RULE_SET_CATALOG } from '../rule-sets/rule-set-catalog.loader';
import { ScoringUseCase } from './scoring.use-case';
import {
  ScoreParameterError,
  parseIndicator,
  parseManualInputsBody,
  parsePaging,
  parseRankingParams,
  parseScoreId,
  parseScoreParams,
  parseTarget,
  type RawQuery,
} from './score-params';

/** Runs `work`, answering a ScoreParameterError as 400 naming the parameter. */
async function withParameters<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ScoreParameterError)
      throw new ApiError(400, error.message, [{ parameter: error.parameter, message: error.message }]);
    throw error;
  }
}

const WINDOW_QUERIES = [
  ApiQuery({ name: 'from', required: true, example: '2024-01-01', description: 'First day (inclusive, local date)' }),
  ApiQuery({
    name: 'to',
    required: true,
    example: '2024-03-31',
    description: 'Last day (inclusive); the rule-set version effective on it is used',
  }),
  ApiQuery({
    name: 'ruleSet',
    required: false,
    example: '766',
    description: 'Rule set id (766, par-dak-nong, par-qn), default 766; or id@version',
  }),
];

const BAD_REQUEST = ApiBadRequestResponse({
  description: 'A bad parameter: the message and errors[].parameter name it',
});
const BAD_GATEWAY = ApiBadGatewayResponse({ description: 'The report API is unreachable or answered an error' });

@ApiTags('scores')
@Controller('v1')
export class ScoresController {
  constructor(
    private readonly scoring: ScoringUseCase,
    @Inject(RULE_SET_CATALOG) private readonly catalog: RuleSetCatalog,
  ) {}

  @Get('scores')
  @Roles('read')
  @ApiOperation({
    summary: 'Score of a unit over a window',
    description:
      'Figures from the report API (the caller’s key is forwarded), rules from the bundled rule sets, manual inputs from PUT /v1/scores/inputs. ' +
      'The score names its rule set id@version and says which indicators are assumed (no official text), manual or not available. ' +
      'Each computed score is stored under `ruleSetRef:unit:from:to`.',
  })
  @applyDecorators(ApiQuery({ name: 'unit', required: true, example: '001' }), ...WINDOW_QUERIES)
  @ApiOkResponse({ description: 'The unit, window and score' })
  @BAD_REQUEST
  @BAD_GATEWAY
  score(
    @Query() query: RawQuery,
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization?: string,
  ) {
    return withParameters(() =>
      this.scoring.score({ principal, authorization }, parseScoreParams(query, this.catalog)),
    );
  }

  @Get('scores/explain')
  @Roles('read')
  @ApiOperation({
    summary: 'Explanation of one indicator (or all) of a unit’s score',
    description:
      'Formula in words, figures used, points earned and lost, the figures whose dossiers cost points, and the source or ASSUMED mark. ' +
      '`costs` lists, per figure that cost points and has a dossier list (late, late without apology, overdue), one page of those dossiers.',
  })
  @applyDecorators(
    ApiQuery({ name: 'unit', required: true }),
    ...WINDOW_QUERIES,
    ApiQuery({ name: 'indicator', required: false, description: 'Indicator id; all indicators when absent' }),
    ApiQuery({ name: 'page', required: false, example: '1', description: 'Page of the dossier lists (from 1)' }),
    ApiQuery({
      name: 'pageSize',
      required: false,
      example: '20',
      description: 'Dossiers per page, 1–200 (default 20)',
    }),
  )
  @BAD_REQUEST
  @BAD_GATEWAY
  explain(
    @Query() query: RawQuery,
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization?: string,
  ) {
    return withParameters(async () => {
      const params = parseScoreParams(query, this.catalog);
      return this.scoring.explain(
        { principal, authorization },
        params,
        parseIndicator(query, params.ruleSet, false),
        parsePaging(query),
      );
    });
  }

  @Get('scores/stored')
  @Roles('read')
  @ApiOperation({
    summary: 'A stored score, computed again with its own rule-set version',
    description:
      'Every computed or published score is stored under `ruleSet@version:unit:from:to` (the `scoreId` of the answers and of score.updated.v1). ' +
      'This returns it with `reproduced`: the score computed again from the stored figures and manual inputs with that exact version, and `reproducible`.',
  })
  @applyDecorators(ApiQuery({ name: 'id', required: true, example: '766@1:001:2024-01-01:2024-03-31' }))
  @BAD_REQUEST
  stored(@Query() query: RawQuery, @CurrentPrincipal() principal: Principal) {
    return withParameters(() => this.scoring.stored(principal, parseScoreId(query)));
  }

  @Get('scores/what-if')
  @Roles('read')
  @ApiOperation({
    summary: 'What-if for the progress indicator',
    description:
      'How many of the currently pending in-time dossiers must finish on time (the rest late) for the indicator to reach `target` points.',
  })
  @applyDecorators(
    ApiQuery({ name: 'unit', required: true }),
    ...WINDOW_QUERIES,
    ApiQuery({ name: 'target', required: true, example: '18', description: 'Points the indicator should reach' }),
    ApiQuery({ name: 'indicator', required: false, description: 'Default `progress` (766); e.g. `on-time` for PAR' }),
  )
  @BAD_REQUEST
  @BAD_GATEWAY
  whatIf(
    @Query() query: RawQuery,
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization?: string,
  ) {
    return withParameters(async () => {
      const params = parseScoreParams(query, this.catalog);
      const target = parseTarget(query);
      return this.scoring.whatIf(
        { principal, authorization },
        params,
        target,
        parseIndicator(query, params.ruleSet, false),
      );
    });
  }

  @Get('rankings')
  @Roles('read')
  @ApiOperation({
    summary:
      'Ranks of the units of one level under a unit (communes of a district, districts or communes of a province)',
    description:
      'Tie rule: standard competition ranking (1, 2, 2, 4) on the rounded totals; tied units are listed by unit code. ' +
      'Without `level`, the direct children of `parent` are ranked; with it, every unit of that level under `parent`. ' +
      'One report call per parent of the ranked units.',
  })
  @applyDecorators(
    ApiQuery({ name: 'parent', required: true }),
    ApiQuery({ name: 'level', required: false, enum: ['province', 'district', 'commune'] }),
    ...WINDOW_QUERIES,
  )
  @BAD_REQUEST
  @BAD_GATEWAY
  rankings(
    @Query() query: RawQuery,
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization?: string,
  ) {
    return withParameters(() =>
      this.scoring.rank({ principal, authorization }, parseRankingParams(query, this.catalog)),
    );
  }

  @Put('scores/inputs')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Set manual indicator values of a unit (admin role)',
    description:
      'Body `{ruleSet?: "766", unit, inputs: {indicatorId: points}}`. Kept per rule set id and unit (`_id` `ruleSetId:unit`, one value per indicator), ' +
      'checked against the version effective today; only indicators that take a manual input are accepted.',
  })
  @ApiBody({ schema: { example: { ruleSet: '766', unit: '001', inputs: { publicity: 4, 'complaint-handling': 5 } } } })
  @BAD_REQUEST
  putInputs(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return withParameters(async () => {
      const today = todayInVietnam();
      return this.scoring.putManualInputs(principal, parseManualInputsBody(body, today, this.catalog), today);
    });
  }
}

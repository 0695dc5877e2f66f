import type { Provider } from '@nestjs/common';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';

/** The shipped unit registry (hierarchies over time and the agency-code map). */
export const UNIT_REGISTRY = Symbol('UNIT_REGISTRY');

export const unitRegistryProvider: Provider = { provide: UNIT_REGISTRY, useFactory: loadDefaultUnitRegistry };

/** DI tokens of the domain singletons (values, not classes, so tests can swap them). */
export const UNIT_REGISTRY = Symbol('UnitRegistry');
export const UNIT_HIERARCHY = Symbol('UnitHierarchy');
export const COUNTING_RULES = Symbol('CountingRules');

// Plain-TypeScript reference ops (no tfjs): figures compute with them on the
// main thread and tests use them as oracles. Semantics follow PyTorch; the
// values are checked against PyTorch in tests/unit/reference-ops.test.ts.

export * from './tensor';
export * from './conv2d';
export * from './pool';
export * from './activations';
export * from './conv-nd';

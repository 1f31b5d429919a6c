// The schedules are plain functions with no tfjs, so they live beside the
// reference ops where figures may use them too; the optimizers import them here.
export * from '../../reference/schedules';

// The event that asks a runnable cell's island to hydrate now (see hydrate-cell.ts):
// sent by the cell registry when one cell runs another that has not hydrated yet.
export const HYDRATE_CELL_EVENT = 'cnn-guide:hydrate-cell';

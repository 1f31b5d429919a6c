// Names of the faults the page answers with more than a message: a download
// that failed or arrived damaged offers Retry; a worker that died is replaced.

/** CellError.name of a dataset download that failed or did not match its checksum; the cell offers Retry. */
export const DOWNLOAD_ERROR = 'DownloadError';

/** CellError.name of a run whose worker stopped without answering (out of memory, crashed, closed). */
export const WORKER_STOPPED = 'WorkerStopped';

/** Thrown by the data loaders: the reader can fix it by trying again once the network is back. */
export class DownloadError extends Error {
  override name = DOWNLOAD_ERROR;
}

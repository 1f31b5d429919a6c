// How far a training run is, as the trainer reports it and the page shows it.

export interface TrainingProgress {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Batches done in this epoch, 1..batches. */
  batch: number;
  batches: number;
  /** Seconds left, when the run has measured enough to say. */
  etaSeconds: number | null;
  imagesPerSecond: number | null;
}

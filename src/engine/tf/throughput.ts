// Images per second over the last few measured intervals, and the time left
// at that pace. Intervals end where the training loop reads metrics back: on
// a GPU backend work is queued asynchronously, so only a read marks a point
// where the images before it are really done.

export class ThroughputMeter {
  private readonly intervals: { images: number; seconds: number }[] = [];
  private mark: { images: number; time: number } | null = null;

  /** @param window How many recent intervals the rate averages; the first (warm-up) soon drops out. */
  constructor(private readonly window = 3) {}

  /** Starts timing from here without counting the pause before (e.g. an evaluation). */
  resume(images: number, time: number): void {
    this.mark = { images, time };
  }

  /** Records that `images` (a running total) were done at `time` (milliseconds). */
  record(images: number, time: number): void {
    if (this.mark !== null && time > this.mark.time) {
      this.intervals.push({ images: images - this.mark.images, seconds: (time - this.mark.time) / 1000 });
      if (this.intervals.length > this.window) this.intervals.shift();
    }
    this.mark = { images, time };
  }

  /** Images per second, or null before anything has been measured. */
  get imagesPerSecond(): number | null {
    const seconds = this.intervals.reduce((sum, i) => sum + i.seconds, 0);
    const images = this.intervals.reduce((sum, i) => sum + i.images, 0);
    return seconds > 0 ? images / seconds : null;
  }

  etaSeconds(imagesLeft: number): number | null {
    const rate = this.imagesPerSecond;
    return rate === null || rate === 0 ? null : imagesLeft / rate;
  }
}

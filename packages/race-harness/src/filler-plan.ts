/** What a filler worker writes (see `RaceConfiguration.filler`). */
export interface FillerPlan {
  /** Smallest junk value, in bytes. */
  readonly minimumBytes: number;
  /** Largest junk value, in bytes. */
  readonly maximumBytes: number;
  /** Bytes written before the filler reports ready, so the backend is full when the race starts. */
  readonly prefillBytes: number;
}

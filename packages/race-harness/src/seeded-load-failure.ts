/**
 * What a loader throws when the seeded schedule makes it fail
 * (`RaceConfiguration.failingLoaderProbability`). It says when it was thrown: a
 * grace value served for this failure was read from L2 after that moment, so it
 * must not be older than any invalidation reported before it.
 */
export class SeededLoadFailure extends Error {
  override readonly name = 'SeededLoadFailure';
  /** When the loader threw (epoch ms, sub-ms precision, comparable across processes). */
  readonly failedAt: number;

  constructor(failedAt: number) {
    super('[pc:race-harness] a seeded loader failure');
    this.failedAt = failedAt;
  }
}

export type { FillerPlan } from './filler-plan.js';
export {
  formatRaceConfiguration,
  formatRaceReport,
  formatRaceSummary,
} from './format-race-report.js';
export { HarnessDatabase } from './harness-database.js';
export type {
  ItemRow,
  ItemValue,
  StaleReadReport,
  StaleSource,
} from './ipc-messages.js';
export type {
  InvalidationMethod,
  LoaderDelays,
  LoaderTiming,
  ReadMethod,
  ReadOperation,
  ScheduleShape,
  WriteOperation,
} from './operation-schedule.js';
export {
  createLoaderDelays,
  createLoaderFailures,
  createReaderSchedule,
  createWriterSchedule,
  scheduleFingerprint,
} from './operation-schedule.js';
export type { RaceConfiguration, RaceConfigurationName } from './race-configurations.js';
export {
  isRaceConfigurationName,
  RACE_CONFIGURATION_NAMES,
  RACE_CONFIGURATIONS,
} from './race-configurations.js';
export type { RaceHarnessOpenOptions } from './race-harness.js';
export { RaceHarness } from './race-harness.js';
export { RaceHarnessError } from './race-harness-error.js';
export type { RaceHarnessOptions, ResolvedRaceHarnessOptions } from './race-harness-options.js';
export {
  RACE_HARNESS_DEFAULTS,
  RACE_VERDICT_L1_SLACK_MILLISECONDS,
  resolveRaceHarnessOptions,
  SELF_CHECK_EARLY_REPORT_MILLISECONDS,
} from './race-harness-options.js';
export type {
  GraceCounts,
  RaceConfigurationResult,
  RaceHarnessResult,
  StalenessSummary,
  StaleRead,
} from './race-result.js';
export { summarizeStaleness } from './race-result.js';
export { raceViolations } from './race-verdict.js';
export { runRaceConfiguration } from './run-race-configuration.js';
export { runRaceHarness } from './run-race-harness.js';
export type { SingleFlightOptions, SingleFlightResult } from './run-single-flight.js';
export { runSingleFlight, SINGLE_FLIGHT_DEFAULTS } from './run-single-flight.js';
export { SeededLoadFailure } from './seeded-load-failure.js';
export type { SeededRandom } from './seeded-random.js';
export { createSeededRandom, MAX_SEED } from './seeded-random.js';

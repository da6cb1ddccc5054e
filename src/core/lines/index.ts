/**
 * Release lines: discovery from refs and policy templates, support status on a date, and the
 * supported-versions report. Pure; the facts come from src/facts/.
 *
 * ```ts
 * const discovery = discoverLines(refs, policy, graph);      // lines, dev line first
 * const today = linesToday(discovery, policy, '2026-05-01');  // each line with its status that day
 * const report = buildStatusReport(discovery, policy, '2026-05-01'); // { asOf, lines }
 * ```
 */
export * from './types.js';
export { linesToday, type LineToday } from './today.js';
export { droppedTags, policyTagReader, tagMeaning, type TagMeaning } from './tag-names.js';
export {
  compareLineKeys,
  dayOf,
  discoverLines,
  graphBoundary,
  graphTips,
  lineKeyOf,
  nextLineKey,
  parseLineKey,
  schemeOf,
} from './discover.js';
export {
  GRAPH_LOG_FORMAT,
  HistoryCut,
  chainOf,
  commitDate,
  countAhead,
  emptyGraph,
  firstParentChain,
  forkPointOf,
  parseCommitGraph,
  type CommitGraph,
} from './graph.js';
export { graphHistory, historyOf, type LineHistory } from './history.js';
export { carriedHistory, type DevAdvance } from './history-advance.js';
export {
  answerPlan,
  confirmFork,
  countOf,
  countWithin,
  forkCandidates,
  historyPlan,
  plannedHistory,
  type ForkCandidate,
  type HistoryPlan,
  type PlannedReads,
  type RangeReader,
} from './history-plan.js';
export {
  LINE_STATUSES,
  backportStatus,
  supportFacts,
  supportOf,
  type LineStatus,
  type LineSupport,
  type RuleAnswer,
  type SupportFacts,
} from './support.js';
export {
  STATUS_COLUMNS,
  buildStatusReport,
  endOfLifeCycles,
  statusReport,
  statusRows,
  type EndOfLifeCycle,
  type StatusLine,
  type StatusReport,
} from './report.js';
export {
  SCHEDULE_KINDS,
  buildSchedule,
  icalEscape,
  icalFold,
  scheduleToICalendar,
  type ICalendarOptions,
  type ScheduleEvent,
  type ScheduleInput,
  type ScheduleKind,
} from './schedule.js';
export {
  PHASE_TARGETS,
  TARGET_KINDS,
  mergeTarget,
  parseForVersion,
  type TargetAdvice,
  type TargetBackport,
  type TargetInput,
  type TargetKind,
  type TargetRule,
} from './target.js';
export { seriesHeading, seriesReport, type SeriesGroup, type SeriesReport, type SeriesStage } from './series.js';
export { channelsOf, type LineChannel } from './channels.js';

import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { register as registerVersion } from './version.js';
import { register as registerInit } from './init.js';
import { register as registerPolicy } from './policy.js';
import { register as registerBackport } from './backport.js';
import { register as registerStatus } from './status.js';
import { register as registerMissing } from './missing.js';
import { register as registerSchedule } from './schedule.js';
import { register as registerTarget } from './target.js';
import { register as registerHotfix } from './hotfix.js';
import { register as registerChecklist } from './checklist.js';
import { register as registerBranch } from './branch.js';
import { register as registerRelease } from './release.js';
import { register as registerChangelog } from './changelog.js';

/**
 * One file per command. Each exports `register(program, io)`; the order here is the order
 * of `trellis --help`.
 */
const registrations: Array<(program: Command, io: CliIo) => void> = [
  // set up
  registerInit,
  registerPolicy,
  // read: lines, calendar, merge targets, coverage
  registerStatus,
  registerSchedule,
  registerTarget,
  registerMissing,
  // change: backports and releases
  registerBackport,
  registerBranch,
  registerRelease,
  registerHotfix,
  registerChangelog,
  registerChecklist,
  // versions on their own
  registerVersion,
];

export function registerCommands(program: Command, io: CliIo): void {
  for (const register of registrations) register(program, io);
}

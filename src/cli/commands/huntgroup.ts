import type { Command } from 'commander';
import type { HuntGroupConfig } from '../../config/index.js';
import type { CliContext } from '../context.js';
import { registerDirectoryObjects } from '../directoryObjects.js';

/**
 * `openum huntgroup list [--json]`, `openum huntgroup show PILOT@GATEWAY [--json]`: the UM hunt
 * groups in the store. A hunt group has no name of its own: it is its pilot number on its gateway.
 */
export function register(program: Command, ctx: CliContext): void {
  registerDirectoryObjects<HuntGroupConfig>(program, ctx, {
    command: 'huntgroup',
    singular: 'hunt group',
    plural: 'hunt groups',
    argument: 'pilot@gateway',
    entries: (s) => s.huntGroups,
    nameOf: (h) => `${h.pilotNumber}@${h.gateway}`,
    summary: (h) => `pilot ${h.pilotNumber} on gateway ${h.gateway}, dial plan ${h.dialPlan}`,
  });
}

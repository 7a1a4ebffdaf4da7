import type { Command } from 'commander';
import type { GatewayConfig } from '../../config/index.js';
import type { CliContext } from '../context.js';
import { registerDirectoryObjects } from '../directoryObjects.js';

/** `openum gateway list [--json]`, `openum gateway show NAME [--json]`: the UM IP gateways in the store. */
export function register(program: Command, ctx: CliContext): void {
  registerDirectoryObjects<GatewayConfig>(program, ctx, {
    command: 'gateway',
    singular: 'IP gateway',
    plural: 'IP gateways',
    argument: 'name',
    entries: (s) => s.gateways,
    nameOf: (g) => g.name,
    summary: (g) =>
      `${g.address} port ${g.port} ${g.transport}, dial plan ${g.dialPlan}${g.messageWaitingIndicator ? ', message waiting' : ''}${g.outcalls ? ', outcalls' : ''}`,
  });
}

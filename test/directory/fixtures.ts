/**
 * Directories for the directory and routing tests, built the way tools build them: YAML text
 * validated by parseConfig (so the cross-checks of config/crossCheck.ts hold), then
 * Directory.fromConfig.
 */
import { parseConfig, type Config } from '../../src/config/index.js';
import { Directory } from '../../src/directory/index.js';

const service = `
sip:
  domain: um.example.test
  listen: [{ transport: udp, host: 127.0.0.1, port: 5060 }]
rtp: { host: 127.0.0.1, portMin: 20000, portMax: 20100 }
mailboxPolicies: [{ name: Default }]
`;

/** A whole configuration: the service part above plus `directory` (dial plans, gateways, users, …). */
export function configOf(directory: string): Config {
  return parseConfig(service + directory, 'test.yaml', { baseDir: '/srv/openum' }).config;
}

/**
 * Two sites. HQ (4-digit extensions, +1 425 555 xxxx): pilot 8000 on gateway pbx, voice access
 * 8500 which is also a pilot, auto attendant Main on 8800 and its full number 4255558800, users
 * 1001 Alice, 1002 Bob, 1003 Carol. Paris (e164, 5 digits, +33): gateway paris-gw, pilot 33000,
 * users 33001 Chloé and 33002 Étienne, voice access 33100. Both plans have an extension 10010
 * or 1001 nowhere else, so lookups without a dial plan can be tested.
 */
export const sites = `
dialPlans:
  - { name: HQ, extensionDigits: 4, countryCode: "1", voiceAccessNumbers: ["8500"], operatorExtension: "1000" }
  - { name: Paris, extensionDigits: 5, countryCode: "33", uriType: e164, language: fr-FR, voiceAccessNumbers: ["33100"] }
  - { name: Lab, extensionDigits: 4, countryCode: "1" }
gateways:
  - { name: pbx, address: 192.0.2.10, dialPlan: HQ }
  - { name: paris-gw, address: 192.0.2.40, dialPlan: Paris }
  - { name: lab-gw, address: 192.0.2.60, dialPlan: Lab }
huntGroups:
  - { gateway: pbx, pilotNumber: "8000", dialPlan: HQ }
  - { gateway: pbx, pilotNumber: "8500", dialPlan: HQ }
  - { gateway: pbx, pilotNumber: "7000", dialPlan: Lab }
  - { gateway: paris-gw, pilotNumber: "33000", dialPlan: Paris }
users:
  - { extension: "1001", name: Alice Example, dialPlan: HQ, mailboxPolicy: Default }
  - { extension: "1002", name: bob Sample, dialPlan: HQ, mailboxPolicy: Default }
  - { extension: "1003", name: Carol Caller, dialPlan: HQ, mailboxPolicy: Default }
  - { extension: "33001", name: Étienne Exemple, dialPlan: Paris, mailboxPolicy: Default }
  - { extension: "33002", name: Chloé Exemple, dialPlan: Paris, mailboxPolicy: Default }
  - { extension: "1001", name: Lab Alice, dialPlan: Lab, mailboxPolicy: Default }
  - { extension: "2002", name: Lab Only, dialPlan: Lab, mailboxPolicy: Default }
autoAttendants:
  - { name: Main, dialPlan: HQ, numbers: ["8800", "4255558800"], timeZone: America/New_York }
  - { name: Accueil, dialPlan: Paris, numbers: ["33800"], timeZone: Europe/Paris }
`;

export const sitesConfig = (): Config => configOf(sites);
export const sitesDirectory = (): Directory => Directory.fromConfig(sitesConfig());

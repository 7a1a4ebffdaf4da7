/** The directory layer: dial plans, gateways, hunt groups, users, policies and auto attendants, and number rules. */
export { Directory, type NumberOwners } from './directory.js';
export { snapshotFromConfig, userFromConfig } from './fromConfig.js';
export { lookupKeys, MAX_NUMBER_DIGITS, normalizeNumber, toE164, toExtension, toSipUser, type Numbering } from './numbers.js';

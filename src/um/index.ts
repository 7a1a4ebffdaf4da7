/** The UM applications: call flows over the Call API, the directory and the store. */
export { createUmApplication, type UmApplication, type UmApplicationDeps, type UmCallContext } from './application.js';
export { answerCall, warmUpPrompts, type CallAnsweringDeps, type CallAnsweringOutcome, type CallAnsweringTarget } from './callAnswering/index.js';

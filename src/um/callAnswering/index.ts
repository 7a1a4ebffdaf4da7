export {
  answerCall,
  type CallAnsweringDeps,
  type CallAnsweringLogger,
  type CallAnsweringOutcome,
  type CallAnsweringTarget,
  type Caller,
} from './callAnswering.js';
export { prompts as callAnsweringPrompts, warmUpPrompts } from './prompts.js';

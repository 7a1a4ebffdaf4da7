/**
 * What call answering says, in one place (English; other languages come with the prompt sets).
 * Each function returns PlayItems so a recorded name can stand where the text name would be.
 */
import type { PlayItem } from '../../calls/index.js';

/** The user's name: their recorded name when they have one, else their directory name spoken by TTS. */
export function nameItems(name: string, recordedName: string | null): PlayItem[] {
  return recordedName ? [{ recording: recordedName }] : [{ text: name }];
}

/** Exchange UM's system greeting: "<name> is not available" or, when diverted on busy, "is on the phone". */
export function systemGreeting(name: PlayItem[], busy: boolean): PlayItem[] {
  return [...name, { text: busy ? 'is on the phone. Please leave a message after the tone.' : 'is not available. Please leave a message after the tone.' }];
}

export const prompts = {
  mailboxFull: (name: PlayItem[]): PlayItem[] => [
    { text: 'Sorry. The mailbox of' },
    ...name,
    { text: 'is full and cannot take messages. Goodbye.' },
  ],
  unknownMailbox: (): PlayItem[] => [{ text: 'Sorry. The extension you called is not available. Goodbye.' }],
  maxLength: (): PlayItem[] => [{ text: 'You have reached the maximum length for a message.' }],
  noMessageHeard: (): PlayItem[] => [{ text: 'I did not hear a message.' }],
  /** The menu after the caller pressed pound (Exchange: "to send, press pound; to listen, press 1 …"). */
  afterRecording: (urgent: boolean, isPrivate: boolean): PlayItem[] => [
    {
      text:
        'To send your message, press pound. To listen to it, press 1. To record it again, press 2. ' +
        (urgent ? 'To remove the urgent mark, press 3. ' : 'To mark it urgent, press 3. ') +
        (isPrivate ? 'To remove the private mark, press 4.' : 'To mark it private, press 4.'),
    },
  ],
  markedUrgent: (on: boolean): PlayItem[] => [{ text: on ? 'Marked urgent.' : 'Urgent mark removed.' }],
  markedPrivate: (on: boolean): PlayItem[] => [{ text: on ? 'Marked private.' : 'Private mark removed.' }],
  invalidKey: (): PlayItem[] => [{ text: 'That key is not valid here.' }],
  sent: (): PlayItem[] => [{ text: 'Your message has been sent. Goodbye.' }],
  notSaved: (): PlayItem[] => [{ text: 'Sorry. Your message could not be saved. Please try again later. Goodbye.' }],
  operatorUnavailable: (): PlayItem[] => [{ text: 'Sorry. The operator cannot be reached. Please leave a message after the tone.' }],
  notYetAvailable: (what: string): PlayItem[] => [{ text: `Sorry. ${what} is not available on this system yet. Goodbye.` }],
} as const;

/**
 * What a caller is most likely to hear first, for synthesis ahead of the first call (TTS of a
 * cold prompt costs the caller seconds of silence): the system greetings of the given users and the
 * prompts every deposit plays.
 */
export function warmUpPrompts(userNames: readonly string[]): PlayItem[][] {
  const lists: PlayItem[][] = [
    systemGreeting([], false),
    systemGreeting([], true),
    prompts.afterRecording(false, false),
    prompts.sent(),
    prompts.noMessageHeard(),
    prompts.unknownMailbox(),
  ];
  for (const name of userNames) lists.push([{ text: name }]);
  return lists;
}

import type { CommandDefinition } from '../src/command-types.ts';
import { paper } from './paper.ts';
import { paperSummary } from './paper-summary.ts';
import { paperSimilar } from './paper-similar.ts';
import { paperCite } from './paper-cite.ts';
import { paperTimeline } from './paper-timeline.ts';
import { paperFind } from './paper-find.ts';
import { paperDiscuss } from './paper-discuss.ts';
import { paperSubscribe } from './paper-subscribe.ts';
import { paperUnsubscribe } from './paper-unsubscribe.ts';
import { paperSubscriptions } from './paper-subscriptions.ts';
import { paperStatus } from './paper-status.ts';
import { paperHelp } from './paper-help.ts';

/** Every command, in the order help lists them; each platform is generated from this list. */
export const COMMANDS: readonly CommandDefinition[] = [
  paper,
  paperSummary,
  paperSimilar,
  paperCite,
  paperTimeline,
  paperFind,
  paperDiscuss,
  paperSubscribe,
  paperUnsubscribe,
  paperSubscriptions,
  paperStatus,
  paperHelp,
];

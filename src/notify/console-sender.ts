import type { Reply } from '../reply.ts';
import type { ChannelSender, DeliveryOutcome } from './delivery.ts';

/** The console has one channel, the terminal: notifications are printed between prompts. */
export class ConsoleSender implements ChannelSender {
  readonly platform = 'console';

  constructor(private readonly print: (reply: Reply) => void) {}

  async send(_channelId: string, reply: Reply): Promise<DeliveryOutcome> {
    this.print(reply);
    return { kind: 'delivered' };
  }
}

import type { Bot } from '../bot.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Platform } from './platform.ts';
import type { RequestLedger } from './slack/seen-requests.ts';
import { DiscordPlatform } from './discord/discord-platform.ts';
import { SlackPlatform } from './slack/slack-platform.ts';

/**
 * The platforms whose credentials are configured; an empty list means console mode.
 * `requestLedger` is the store, where Slack records the requests it took for every replica to see.
 */
export function createPlatforms(config: Config, bot: Bot, logger: Logger, requestLedger?: RequestLedger): Platform[] {
  const platforms: Platform[] = [];
  if (config.discord) platforms.push(new DiscordPlatform({ ...config.discord, bot, logger }));
  if (config.slack) platforms.push(new SlackPlatform({ config: config.slack, bot, logger, requestLedger }));
  void config;
  void bot;
  void logger;
  return platforms;
}

import type { AutocompleteInteraction, Interaction, MessageContextMenuCommandInteraction } from 'discord.js';
import type { Bot } from '../../bot.ts';
import type { Logger } from '../../logger.ts';
import { errorReply, type Reply } from '../../reply.ts';
import { answerFailure, answerInTime, type AnswerableInteraction } from './answer.ts';
import { argsOf, callerOf } from './caller.ts';
import { forumProblem } from './forum-check.ts';
import { MAX_CHOICES, renderChoices } from './render.ts';
import { messageText } from './message-text.ts';
import { discordThreadSurface } from './threads.ts';

export interface InteractionContext {
  readonly bot: Bot;
  readonly logger: Logger;
  readonly deferAfterMs: number;
}

const ANSWER_FAILED = 'Something went wrong while answering. It has been logged; please try again.';

/** Every interaction paperbot answers; never throws, so no interaction can take the process down. */
export async function handleInteraction(interaction: Interaction, context: InteractionContext): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await suggest(interaction, context);
    else if (interaction.isChatInputCommand()) {
      const caller = callerOf(interaction);
      const args = argsOf(interaction.options.data);
      const command = context.bot.commands.find((candidate) => candidate.name === interaction.commandName);
      await answer(
        interaction,
        interaction.commandName,
        async () => {
          const problem = await forumProblem(interaction.client.rest, command, args, interaction.guildId);
          if (problem) return errorReply(problem);
          return context.bot.run(interaction.commandName, args, caller, discordThreadSurface(interaction));
        },
        context,
      );
    } else if (interaction.isMessageContextMenuCommand()) {
      await runMessageCommand(interaction, context);
    } else if (interaction.isButton()) {
      const caller = callerOf(interaction);
      await answer(
        interaction,
        `button ${interaction.customId.slice(0, 40)}`,
        () => context.bot.runAction(interaction.customId, caller, discordThreadSurface(interaction)),
        context,
      );
    }
  } catch (error) {
    context.logger.error({ err: error, interaction: interaction.id }, 'interaction handling failed');
  }
}

async function answer(
  interaction: AnswerableInteraction,
  label: string,
  run: () => Promise<Reply>,
  context: InteractionContext,
): Promise<void> {
  const pending = Promise.resolve()
    .then(run)
    .catch((error: unknown) => {
      context.logger.error({ err: error, command: label }, 'command failed outside the core');
      return errorReply('Something went wrong. It has been logged; please try again later.');
    });
  try {
    await answerInTime(interaction, pending, context.deferAfterMs);
  } catch (error) {
    // Discord refused the answer (or the token expired): say so privately if it still can be said.
    context.logger.error({ err: error, command: label }, 'answering the interaction failed');
    await answerFailure(interaction, errorReply(ANSWER_FAILED)).catch((failure: unknown) => {
      context.logger.warn({ err: failure, command: label }, 'could not report the failure to the user');
    });
  }
}

/** A message command runs the definition that named it, with the message's text as its first option. */
async function runMessageCommand(
  interaction: MessageContextMenuCommandInteraction,
  context: InteractionContext,
): Promise<void> {
  const command = context.bot.commands.find((candidate) => candidate.messageCommand === interaction.commandName);
  const primary = command?.options[0]?.name;
  const caller = callerOf(interaction);
  const run = (): Promise<Reply> =>
    command && primary
      ? context.bot.run(command.name, { [primary]: messageText(interaction.targetMessage) }, caller)
      : Promise.resolve(
          errorReply('This message command is not one paperbot knows any more. Register the commands again.'),
        );
  await answer(interaction, interaction.commandName, run, context);
}

async function suggest(interaction: AutocompleteInteraction, context: InteractionContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const command = context.bot.commands.find((candidate) => candidate.name === interaction.commandName);
  const source = command?.options.find((option) => option.name === focused.name)?.autocomplete;
  const choices = source
    ? renderChoices(await context.bot.suggest(source, String(focused.value), MAX_CHOICES, callerOf(interaction)))
    : [];
  await interaction.respond(choices);
}

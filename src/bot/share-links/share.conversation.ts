/**
 * The /share conversation: (browse and pick) → drop what Aliyun will not share, saying why →
 * expiry and password → create → the share text. Entered with the items already known by
 * `/share <path>` and "🔗 share it"; without them it starts with the folder browser.
 *
 * Replay rules: Aliyun calls, randomness and time only inside `conversation.external` (runOp);
 * Bot API calls outside it; state lives in local variables rebuilt by the replay.
 */
import type { Context } from 'grammy';
import { raw, t, type Lang } from '../i18n/index.js';
import { browse } from './browse.step.js';
import { cardData } from './callback-data.js';
import { panelWait, reportFailure, runOp, waitForPanel, type ShareConversation } from './conversation-kit.js';
import { button, keyboardOf, urlButton } from './keyboard.js';
import { describeItems, EXPIRY_CHOICES, expiryText, fitShareText, OPTIONS_PREFIX, reasonText, REFUSALS_PREFIX, renderOptions, renderRefusals } from './options-view.js';
import { Panel } from './panel.js';
import { isValidSharePassword, randomSharePassword } from './password.js';
import { createLink, refusalReason, shareDrives, unshareableIds, type DriveItem, type LinkOptions, type ShareDrives } from './share-ops.js';

/** The conversation's id (explicit: it keys the stored state). */
export const SHARE_CONVERSATION = 'share';

/** Entered with these (JSON) arguments. */
export interface ShareFlowArgs {
  lang: Lang;
  ownerId: number;
  /** Items known already (from a path or a save); absent = browse the drive. */
  items?: DriveItem[];
}

export async function shareConversation(conversation: ShareConversation, ctx: Context, args: ShareFlowArgs): Promise<void> {
  const drives = await runOp(conversation, args.ownerId, ({ session }) => shareDrives(session));
  if (!drives.ok) return reportFailure(new Panel(ctx), args.lang, drives.failure);
  const picked = args.items ?? (await browse(conversation, ctx, args, drives.value));
  if (!picked) return;
  const shareable = await dropUnshareable(conversation, ctx, args, drives.value, picked);
  if (!shareable) return;
  const chosen = await chooseOptions(conversation, ctx, args, shareable);
  if (!chosen) return;
  await createAndReply(conversation, ctx, chosen.panel, args, shareable, chosen.options);
}

/** check_available: names what cannot be shared and why; offers the rest. */
async function dropUnshareable(
  conversation: ShareConversation,
  ctx: Context,
  args: ShareFlowArgs,
  drives: ShareDrives,
  items: DriveItem[],
): Promise<DriveItem[] | undefined> {
  const { lang, ownerId } = args;
  const panel = new Panel(ctx);
  const check = await runOp(conversation, ownerId, ({ session }) => unshareableIds(session, items));
  if (!check.ok) return void (await reportFailure(panel, lang, check.failure));
  if (check.value.length === 0) return items;

  const refusedIds = new Set(check.value);
  const refused = items.filter((item) => refusedIds.has(item.fileId)).map((item) => ({ item, reason: refusalReason(item, drives) }));
  const rest = items.filter((item) => !refusedIds.has(item.fileId));
  const view = renderRefusals(lang, refused, rest.length);
  await panel.show(view);
  if (rest.length === 0) return undefined;

  const input = await waitForPanel(conversation, panelWait(args, panel, REFUSALS_PREFIX, false));
  if (input.kind === 'click') await input.ctx.answerCallbackQuery();
  const goOn = input.kind === 'click' && input.action === 'rest';
  await panel.close(goOn ? view.text : t(lang, 'browseCancelled'));
  return goOn ? rest : undefined;
}

/** Expiry and password; undefined when the user cancels. */
async function chooseOptions(
  conversation: ShareConversation,
  ctx: Context,
  args: ShareFlowArgs,
  items: DriveItem[],
): Promise<{ options: LinkOptions; panel: Panel } | undefined> {
  const { lang } = args;
  const panel = new Panel(ctx);
  let options: LinkOptions = { days: 7, password: await conversation.external(() => randomSharePassword()) };
  let typing = false;
  for (;;) {
    await panel.show(renderOptions(lang, items, options));
    const input = await waitForPanel(conversation, panelWait(args, panel, OPTIONS_PREFIX, typing));
    if (input.kind === 'text') {
      if (isValidSharePassword(input.text)) [options, typing] = [{ ...options, password: input.text }, false];
      else await input.ctx.reply(t(lang, 'typeInvalid'));
      continue;
    }
    await input.ctx.answerCallbackQuery();
    const action = input.action;
    const days = /^e(\d+)$/.exec(action);
    if (days && (EXPIRY_CHOICES as readonly number[]).includes(Number(days[1]))) options = { ...options, days: Number(days[1]) };
    else if (action === 'prand') [options, typing] = [{ ...options, password: await conversation.external(() => randomSharePassword()) }, false];
    else if (action === 'pnone') [options, typing] = [{ ...options, password: '' }, false];
    else if (action === 'ptype') {
      typing = true;
      await input.ctx.reply(t(lang, 'optionsType'));
    } else if (action === 'create') return { options, panel };
    else if (action === 'cancel') {
      await panel.close(t(lang, 'browseCancelled'));
      return undefined;
    }
  }
}

/** Creates the link and sends its text; the panel offers to manage it as in /myshares. */
async function createAndReply(
  conversation: ShareConversation,
  ctx: Context,
  panel: Panel,
  args: ShareFlowArgs,
  items: DriveItem[],
  options: LinkOptions,
): Promise<void> {
  const { lang, ownerId } = args;
  await panel.close(t(lang, 'creating'));
  const result = await runOp(conversation, ownerId, async ({ deps, session }) => {
    const link = await createLink(session, items, options);
    deps.shareLists.drop(ownerId);
    return link;
  });
  if (!result.ok) {
    if (result.failure.kind !== 'notAllowed') return reportFailure(panel, lang, result.failure);
    const why = reasonText(lang, items.some((item) => item.type === 'file') ? 'type' : 'other');
    return panel.close(t(lang, 'errNotAllowed', { why }));
  }
  const link = result.value;
  // "Manage" turns the panel into the link's card; the share text stays in its own message.
  const manage = keyboardOf([[button(t(lang, 'btnManage'), cardData('open', link.shareId, { filter: 'valid', page: 0 }))]]);
  await panel.close(t(lang, 'createdPanel', { what: raw(describeItems(lang, items)) }), manage);
  await ctx.reply(t(lang, 'created', { expiry: expiryText(lang, options.days), text: fitShareText(link.text, link.url) }), {
    reply_markup: keyboardOf([[urlButton(t(lang, 'btnOpen'), link.url)]]),
    link_preview_options: { is_disabled: true },
  });
}

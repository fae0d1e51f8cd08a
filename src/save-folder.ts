/** Where saves go until the user picks a folder (documented in the README); the bot, the jobs and the doctor share it. */
export const DEFAULT_SAVE_FOLDER = '/来自分享';

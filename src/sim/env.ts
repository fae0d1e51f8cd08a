/**
 * The environment that points the bot at the simulators instead of Telegram and Aliyun: the
 * same variables production uses, so the demo, the bench and the tests run the real code path.
 */
export function simulatorEnv(aliyun: { url: string; userUrl: string }, telegram: { token: string; apiRoot: string }): Record<string, string> {
  return {
    BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    // The Aliyun simulator serves the api, auth and passport hosts on one port, the user host on another.
    ALIYUN_API_URL: aliyun.url,
    ALIYUN_AUTH_URL: aliyun.url,
    ALIYUN_PASSPORT_URL: aliyun.url,
    ALIYUN_USER_URL: aliyun.userUrl,
  };
}

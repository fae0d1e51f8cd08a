/**
 * Errors the simulator answers with: the service's body `{code, message, requestId}`, plus
 * `resultCode`/`display_message` where the real one adds them (share errors).
 */

export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra body fields (e.g. `display_message`). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A share error: carries `resultCode` and a Chinese `display_message` like the real ones. */
function shareError(status: number, code: string, message: string, display: string): SimError {
  return new SimError(status, code, message, { resultCode: code, display_message: display });
}

/** The error catalogue, one constructor per code the spec lists. */
export const simErrors = {
  accessTokenInvalid: () => new SimError(401, 'AccessTokenInvalid', 'AccessToken is invalid. ErrValidateTokenFailed'),
  refreshTokenInvalid: () =>
    new SimError(400, 'InvalidParameter.RefreshToken', 'The input parameter refresh_token is not valid. '),
  deviceNotFound: () => new SimError(400, 'BadRequest', 'not found device info'),
  deviceSignatureInvalid: () =>
    new SimError(400, 'DeviceSessionSignatureInvalid', 'the signature of device session is invalid'),
  userDeviceOffline: () => new SimError(401, 'UserDeviceOffline', 'user device is offline'),
  shareNotFound: () =>
    shareError(404, 'NotFound.ShareLink', 'The resource share_link cannot be found', '分享链接不存在'),
  shareCancelled: () =>
    shareError(400, 'ShareLink.Cancelled', 'share_link is cancelled by the creator', '来晚啦，该分享已被取消'),
  shareExpired: () => shareError(400, 'ShareLink.Expired', 'share_link is expired', '来晚啦，该分享已失效'),
  shareForbidden: () =>
    shareError(400, 'ShareLink.Forbidden', 'share_link is forbidden', '该分享因涉及违规内容无法访问'),
  sharePwdInvalid: () =>
    shareError(400, 'InvalidResource.SharePwd', 'share pwd is not valid.', '提取码错误，请重新输入'),
  shareTokenInvalid: () => new SimError(401, 'ShareLinkTokenInvalid', 'ShareLinkToken is invalid. expired'),
  forbiddenFile: (what = 'file') =>
    new SimError(403, 'ForbiddenNoPermission.File', `User not authorized to operate on the specified ${what}`),
  forbiddenShareLink: () =>
    new SimError(403, 'ForbiddenNoPermission.ShareLink', 'User not authorized to operate on the share_link'),
  fileNotFound: () => new SimError(404, 'NotFound.File', 'The resource file cannot be found. file not exist'),
  alreadyExists: (name: string) =>
    new SimError(409, 'AlreadyExist.File', `The resource file has already exists. ${name} already exists`),
  quotaExhausted: (status: 400 | 409) =>
    new SimError(
      status,
      'QuotaExhausted.Drive',
      'The resource drive has exceeded the limit. File size exceeded drive capacity',
    ),
  taskNotFound: () => new SimError(404, 'NotFound.AsyncTask', 'The resource async_task cannot be found'),
  invalidParameter: (field?: string, detail = '') => {
    const suffix = field ? '.' + field.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') : '';
    const what = field ? `The input parameter ${field} is not valid. ` : 'The input parameter is not valid. ';
    return new SimError(400, `InvalidParameter${suffix}`, what + detail);
  },
  badRequest: (message: string) => new SimError(400, 'BadRequest', message),
  fileShareNotAllowed: (why: string) => new SimError(403, 'FileShareNotAllowed', why),
  shareCreateDailyLimit: () =>
    new SimError(403, 'SharelinkCreateExceedDailyLimit', 'share_link create exceed daily limit'),
  paramFlow: () => new SimError(429, 'ParamFlowException', 'Request was denied due to flow control'),
  notFoundPath: () => new SimError(404, 'NotFound', 'Not Found. The requested path does not exist'),
  methodNotAllowed: () => new SimError(405, 'MethodNotAllowed', 'The method is not allowed for this path'),
};

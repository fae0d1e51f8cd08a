/** Pure: reading a share password out of a user's short answer. */

const MARKER = '(?:提取码|提取碼|密码|密碼|访问码|訪問碼|pwd|password|code)';
const BARE_CODE = new RegExp(`^${MARKER}?\\s*[:：=]?\\s*([A-Za-z0-9]{4})$`, 'i');
const MARKED_CODE = new RegExp(`${MARKER}\\s*(?:is|是|为|為)?\\s*[:：=]?\\s*([A-Za-z0-9]{4})(?![A-Za-z0-9])`, 'i');
const CODE_WITH_DIGIT = /(?:^|[^A-Za-z0-9])((?=[A-Za-z]*\d)[A-Za-z0-9]{4})(?![A-Za-z0-9])/;

/**
 * The 4-character password in `text`: the whole message (optionally "提取码: ab12"), or —
 * when the message replies to the bot's question — a code after a marker ("the code is abcd")
 * or else the first 4-character word with a digit in it (plain words are too often just words).
 */
export function passwordFromAnswer(text: string, isReplyToQuestion: boolean): string | undefined {
  const trimmed = text.normalize('NFKC').trim();
  const bare = BARE_CODE.exec(trimmed);
  if (bare) return bare[1];
  if (!isReplyToQuestion || trimmed.length > 200) return undefined;
  return MARKED_CODE.exec(trimmed)?.[1] ?? CODE_WITH_DIGIT.exec(trimmed)?.[1];
}

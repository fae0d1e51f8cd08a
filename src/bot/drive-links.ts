/**
 * Pure: links that open a folder in the Aliyun Drive web app. The web app shows the resource
 * drive's folders at `/drive/file/all/<file_id>` and the backup drive's at
 * `/drive/file/all/backup/<file_id>` (as public tools and guides link them; the older
 * `/drive/folder/<file_id>` form is reported to fall back to the start page).
 */
const WEB_APP = 'https://www.alipan.com/drive/file/all';

/** The web-app link of a folder; saves go to the resource drive when the account has one. */
export function folderWebUrl(folderId: string, drive: 'resource' | 'backup'): string {
  return drive === 'resource' ? `${WEB_APP}/${folderId}` : `${WEB_APP}/backup/${folderId}`;
}

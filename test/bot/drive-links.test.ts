import { describe, expect, it } from 'vitest';
import { folderWebUrl } from '../../src/bot/drive-links.js';

describe('web-app links to a saved folder', () => {
  it('open the resource drive at /drive/file/all/<id> and the backup drive at /drive/file/all/backup/<id>', () => {
    expect(folderWebUrl('6528f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8', 'resource')).toBe(
      'https://www.alipan.com/drive/file/all/6528f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8',
    );
    expect(folderWebUrl('5fe01e1830601baf774e4827a9fb8fb2b5bf7940', 'backup')).toBe(
      'https://www.alipan.com/drive/file/all/backup/5fe01e1830601baf774e4827a9fb8fb2b5bf7940',
    );
  });
});

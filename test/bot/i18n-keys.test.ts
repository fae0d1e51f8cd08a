import { describe, expect, it } from 'vitest';
import * as channels from '../../src/bot/i18n/channels.js';
import { zh } from '../../src/bot/i18n/zh.js';
import * as groups from '../../src/bot/i18n/groups.js';
import * as groupSetup from '../../src/bot/i18n/group-setup.js';
import * as outcomes from '../../src/bot/i18n/outcomes.js';
import * as shareLinks from '../../src/bot/i18n/share-links.js';

describe('the dictionaries', () => {
  it('share no key: one translator merges them, and a later one would silently win', () => {
    const dictionaries = [zh, groups.zh, channels.zh, shareLinks.zh, outcomes.zh, groupSetup.zh];
    const keys = dictionaries.flatMap((d) => Object.keys(d));
    const twice = keys.filter((key, i) => keys.indexOf(key) !== i);
    expect(twice).toEqual([]);
  });
});

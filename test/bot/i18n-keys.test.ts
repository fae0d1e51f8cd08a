import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as channels from '../../src/bot/i18n/channels.js';
import { zh } from '../../src/bot/i18n/zh.js';
import * as follows from '../../src/bot/i18n/follows.js';
import * as groups from '../../src/bot/i18n/groups.js';
import * as groupSetup from '../../src/bot/i18n/group-setup.js';
import * as largeShares from '../../src/bot/i18n/large-shares.js';
import * as outcomes from '../../src/bot/i18n/outcomes.js';
import * as picks from '../../src/bot/i18n/picks.js';
import * as shareLinks from '../../src/bot/i18n/share-links.js';
import * as tokens from '../../src/bot/i18n/tokens.js';

const dictionaries = [zh, groups.zh, channels.zh, shareLinks.zh, outcomes.zh, groupSetup.zh, follows.zh, picks.zh, tokens.zh, largeShares.zh];

/** Every .ts file below `dir`, except the dictionaries themselves. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path.endsWith(join('bot', 'i18n')) ? [] : sources(path);
    return path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('the dictionaries', () => {
  it('share no key: one translator merges them, and a later one would silently win', () => {
    const keys = dictionaries.flatMap((d) => Object.keys(d));
    const twice = keys.filter((key, i) => keys.indexOf(key) !== i);
    expect(twice).toEqual([]);
  });

  it('hold no key the code never uses (named in quotes, or by a `prefix.${…}` template)', () => {
    const code = sources('src').join('\n');
    const prefixes = [...code.matchAll(/`([a-zA-Z.]+\.)\$\{/g)].map((m) => m[1]!);
    const unused = dictionaries
      .flatMap((d) => Object.keys(d))
      .filter((key) => !code.includes(`'${key}'`) && !code.includes(`"${key}"`) && !prefixes.some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });
});

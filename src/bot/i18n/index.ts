/**
 * A tiny typed i18n: every message is HTML (we send with parse_mode HTML) and every string
 * parameter is escaped by the translator, so a name from Aliyun or a user can never break
 * the markup. Pass `raw(html)` for a parameter that is already safe HTML.
 *
 * One translator, `t`, over every dictionary: the core messages (`zh.ts`/`en.ts`), the group and
 * channel messages (`groups.ts`, `channels.ts`), /myshares and /share (`share-links.ts`) and the outcomes
 * beyond the core ones (`outcomes.ts`). A `path` parameter is shortened for display.
 */
import { shortPath } from '../folder-path.js';
import { escapeHtml } from '../html.js';
import { zh } from './zh.js';
import { en } from './en.js';
import * as channels from './channels.js';
import * as follows from './follows.js';
import * as groups from './groups.js';
import * as groupSetup from './group-setup.js';
import * as largeShares from './large-shares.js';
import * as outcomes from './outcomes.js';
import * as picks from './picks.js';
import * as shareLinks from './share-links.js';
import * as tokens from './tokens.js';

export type Lang = 'zh' | 'en';
export const DEFAULT_LANG: Lang = 'zh';

/** HTML that must not be escaped again (built by format.ts from escaped pieces). */
export class RawHtml {
  constructor(readonly html: string) {}
}

/** Marks already-safe HTML so the translator passes it through. */
export function raw(html: string): RawHtml {
  return new RawHtml(html);
}

type Params = Record<string, string | number>;
export type Message = string | ((params: never) => string);
export type Dictionary = Record<string, Message>;

/** What a caller passes for a message: nothing for a plain string, its params otherwise. */
export type ArgsOf<M> = M extends (params: infer P) => string
  ? [params: { [K in keyof P]: P[K] extends string ? string | RawHtml : P[K] }]
  : [];

/** The same keys as the Chinese dictionary, each with the same parameters. */
export type SameShape<D extends Dictionary> = { [K in keyof D]: D[K] extends string ? string : D[K] };

export type Translator<D extends Dictionary> = <K extends keyof D & string>(
  lang: Lang,
  key: K,
  ...args: ArgsOf<D[K]>
) => string;

/** Builds a translator over one dictionary per language (zh is the source of truth for keys). */
export function createTranslator<D extends Dictionary>(dicts: { zh: D; en: SameShape<D> }): Translator<D> {
  return (lang, key, ...args) => {
    const message = (dicts[lang] ?? dicts.zh)[key] as Message;
    if (typeof message === 'string') return message;
    const params: Params = {};
    for (const [name, value] of Object.entries((args[0] ?? {}) as Record<string, unknown>)) {
      params[name] =
        value instanceof RawHtml ? value.html : typeof value === 'number' ? value : escapeHtml(String(value));
    }
    return (message as (p: Params) => string)(params);
  };
}

const dictionaries = {
  zh: { ...zh, ...groups.zh, ...channels.zh, ...shareLinks.zh, ...outcomes.zh, ...tokens.zh, ...follows.zh, ...picks.zh, ...groupSetup.zh, ...largeShares.zh },
  en: { ...en, ...groups.en, ...channels.en, ...shareLinks.en, ...outcomes.en, ...tokens.en, ...follows.en, ...picks.en, ...groupSetup.en, ...largeShares.en },
};

export type CoreDictionary = (typeof dictionaries)['zh'];
export type CoreKey = keyof CoreDictionary & string;

const translate: Translator<CoreDictionary> = createTranslator(dictionaries);

/** Translates a message; a `path` is shortened for display (a folder path may be any length). */
export const t: Translator<CoreDictionary> = (lang, key, ...args) => {
  const params = args[0] as { path?: unknown } | undefined;
  if (typeof params?.path !== 'string') return translate(lang, key, ...args);
  return translate(lang, key, ...([{ ...params, path: shortPath(params.path) }] as unknown as typeof args));
};

/** zh by default; English when Telegram says the user's app speaks English. */
export function langFromCode(languageCode: string | undefined): Lang {
  return languageCode?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** Narrows a stored setting to a language we speak. */
export function parseLang(value: unknown): Lang | undefined {
  return value === 'zh' || value === 'en' ? value : undefined;
}

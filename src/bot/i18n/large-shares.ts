/** A large share waiting before its copy, so its asker may choose part of it (src/jobs/save/large-share.ts). */
import type { SameShape } from './index.js';

type P<T> = (params: T) => string;

export const zh = {
  'large.waiting': ((p) => `📦 「${p.name}」共 ${p.size}，${p.seconds} 秒后开始全部保存。`) as P<{ name: string; size: string; seconds: number }>,
  'large.chooseHint': '只想要其中一部分？点 📂 选择文件。',
};

export const en: SameShape<typeof zh> = {
  'large.waiting': (p) => `📦 「${p.name}」 is ${p.size}; saving all of it starts in ${p.seconds} s.`,
  'large.chooseHint': 'Only want part of it? Tap 📂 Choose files.',
};

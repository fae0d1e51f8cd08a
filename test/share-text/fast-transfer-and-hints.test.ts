import { describe, expect, it } from 'vitest';
import { extractFastTransferLinks, extractShareLinks, looksLikeAliyunShare } from '../../src/share-text.js';

const fast = (code: string): { code: string; url: string } => ({ code, url: `https://www.alipan.com/t/${code}` });

describe('extractFastTransferLinks', () => {
  const cases: { name: string; text: string; buttons?: string[]; entityUrl?: string; expected: { code: string; url: string }[] }[] = [
    { name: 'aliyundrive.com fast-transfer link', text: '我用阿里云盘快传给你发了文件 https://www.aliyundrive.com/t/AbCdEf123456', expected: [fast('AbCdEf123456')] },
    { name: 'alipan.com without scheme, ended by CJK', text: 'alipan.com/t/Qw3rTy9Uio点击链接即可保存', expected: [fast('Qw3rTy9Uio')] },
    { name: 'two fast links and a share: only the fast ones, deduplicated, in order', text: 'https://www.alipan.com/t/BBBBBBBB22\nhttps://www.alipan.com/s/Xr3vBq9LmZt\nhttps://www.aliyundrive.com/t/AAAAAAAA11\nalipan.com/t/BBBBBBBB22', expected: [fast('BBBBBBBB22'), fast('AAAAAAAA11')] },
    { name: 'from an inline button', text: '快传文件', buttons: ['https://www.aliyundrive.com/t/Zx9Cv8Bn7M'], expected: [fast('Zx9Cv8Bn7M')] },
    { name: 'from a text_link entity', text: '点击领取', entityUrl: 'https://www.alipan.com/t/Lk8Jh7Gf6D', expected: [fast('Lk8Jh7Gf6D')] },
    { name: 'other drives\' /t/ links are not Aliyun fast transfers', text: 'https://cloud.189.cn/t/abcdEFGH1234', expected: [] },
    { name: 'share links are not fast transfers', text: 'https://www.alipan.com/s/Xr3vBq9LmZt', expected: [] },
  ];

  it.each(cases)('$name', ({ text, buttons, entityUrl, expected }) => {
    const entities = entityUrl === undefined ? undefined : [{ type: 'text_link', offset: 0, length: text.length, url: entityUrl }];
    expect(extractFastTransferLinks(text, entities, buttons)).toEqual(expected);
  });
});

describe('looksLikeAliyunShare', () => {
  const positives = [
    '「沙丘2」点击链接保存，或者复制本段内容，打开「阿里云盘」APP',
    '阿里云盘分享：沙丘2 提取码 ab12（链接被吞了，私聊）',
    '阿里雲盤 分享 第二季',
    'aliyundrive share: the link is in the comments, pwd ab12',
    'ａｌｉｐａｎ 链接见置顶',
  ];
  const negatives = [
    '今晚一起看电影吗？',
    '阿里云盘的会员快到期了',
    '我用阿里云盘备份照片',
    'https://pan.baidu.com/s/1abcDEFghiJKL 提取码: xyzw',
    '',
  ];
  it.each(positives)('true for a message about an Aliyun share: %s', (text) => {
    expect(looksLikeAliyunShare(text)).toBe(true);
  });
  it.each(negatives)('false for an ordinary message: %s', (text) => {
    expect(looksLikeAliyunShare(text)).toBe(false);
  });
  it('is true for a share message whose link could not be parsed', () => {
    const broken = '「沙丘2」https://www.alipan.com/s/短 提取码: ab12\n打开「阿里云盘」APP';
    expect(extractShareLinks(broken)).toEqual([]);
    expect(looksLikeAliyunShare(broken)).toBe(true);
  });
});

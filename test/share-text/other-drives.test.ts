import { describe, expect, it } from 'vitest';
import { otherDrivesIn } from '../../src/share-text/other-drives.js';

describe('otherDrivesIn', () => {
  it('names the drives of the five big hosts, bare or with a scheme, full-width too', () => {
    expect(otherDrivesIn('链接：https://pan.baidu.com/s/1AbCdEf 提取码：ab12')).toEqual(['baidu']);
    expect(otherDrivesIn('「合集」 pan.quark.cn/s/0123456789ab')).toEqual(['quark']);
    expect(otherDrivesIn('https://115.com/s/sw3abc?password=x1y2 and https://www.123pan.com/s/abc-def')).toEqual(['115', '123']);
    expect(otherDrivesIn('ｈｔｔｐｓ：／／cloud.189.cn/t/AbCd')).toEqual(['189']);
  });

  it('reads link entities and buttons, and finds nothing in Aliyun links or look-alike hosts', () => {
    expect(otherDrivesIn('点这里', ['https://pan.quark.cn/s/x'])).toEqual(['quark']);
    expect(otherDrivesIn('https://www.alipan.com/s/AbCdEfGh123')).toEqual([]);
    expect(otherDrivesIn('mail me at a@x115.com or see notpan.baidu.community')).toEqual([]);
  });
});
